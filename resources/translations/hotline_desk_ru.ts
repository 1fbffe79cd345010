<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="ru" sourcelanguage="en">
<context>
    <name>CallPanel</name>
    <message>
        <location filename="../../ui/call_panel.py" line="60" />
        <source>No call</source>
        <translation>Нет звонка</translation>
    </message>
    <message>
        <location filename="../../ui/call_panel.py" line="61" />
        <source>The line the call came in on</source>
        <translation>Линия, на которую пришёл звонок</translation>
    </message>
    <message>
        <location filename="../../ui/call_panel.py" line="62" />
        <source>Waiting for a call</source>
        <translation>Ожидание звонка</translation>
    </message>
    <message>
        <location filename="../../ui/call_panel.py" line="64" />
        <source>Telephony is not connected in this version: calls cannot be taken yet.</source>
        <translation>В этой версии телефония не подключена: принимать звонки пока нельзя.</translation>
    </message>
    <message>
        <location filename="../../ui/call_panel.py" line="66" />
        <source>Call duration</source>
        <translation>Длительность разговора</translation>
    </message>
</context>
<context>
    <name>Crash</name>
    <message>
        <location filename="../../ui/crash_dialog.py" line="21" />
        <source>Unexpected error</source>
        <translation>Непредвиденная ошибка</translation>
    </message>
    <message>
        <location filename="../../ui/crash_dialog.py" line="22" />
        <source>Something went wrong inside the desk. What you typed is kept; if a window stops responding, restart the desk. A report for your administrator was saved here:
%1</source>
        <translation>В программе произошёл сбой. Введённые данные сохранены; если окно перестанет отвечать, перезапустите программу. Отчёт для администратора сохранён здесь:
%1</translation>
    </message>
</context>
<context>
    <name>DeskStatusBar</name>
    <message>
        <location filename="../../ui/status_bar.py" line="84" />
        <source>MSK %1 · local %2</source>
        <translation>МСК %1 · местное %2</translation>
    </message>
    <message>
        <location filename="../../ui/status_bar.py" line="88" />
        <source>Status:</source>
        <translation>Статус:</translation>
    </message>
    <message>
        <location filename="../../ui/status_bar.py" line="92" />
        <source>Whether you take calls from the queue now</source>
        <translation>Принимаете ли вы сейчас звонки из очереди</translation>
    </message>
    <message>
        <location filename="../../ui/status_bar.py" line="95" />
        <source>Line hours and reports are kept in Moscow time</source>
        <translation>Часы работы линий и отчёты ведутся по московскому времени</translation>
    </message>
</context>
<context>
    <name>KnowledgePane</name>
    <message>
        <location filename="../../ui/kb_pane.py" line="63" />
        <source>open</source>
        <translation>открыта</translation>
    </message>
    <message>
        <location filename="../../ui/kb_pane.py" line="63" />
        <source>closed</source>
        <translation>закрыта</translation>
    </message>
    <message>
        <location filename="../../ui/kb_pane.py" line="66" />
        <source>%1, %2: %3 MSK, %4</source>
        <translation>%1, %2: %3 МСК, %4</translation>
    </message>
    <message>
        <location filename="../../ui/kb_pane.py" line="72" />
        <source>No lines configured</source>
        <translation>Линии не настроены</translation>
    </message>
    <message>
        <location filename="../../ui/kb_pane.py" line="75" />
        <source>Knowledge base</source>
        <translation>База знаний</translation>
    </message>
    <message>
        <location filename="../../ui/kb_pane.py" line="76" />
        <source>Search articles (Ctrl+K)</source>
        <translation>Поиск статей (Ctrl+K)</translation>
    </message>
    <message>
        <location filename="../../ui/kb_pane.py" line="78" />
        <source>The knowledge base is empty: articles are not installed yet.</source>
        <translation>База знаний пуста: статьи ещё не установлены.</translation>
    </message>
    <message>
        <location filename="../../ui/kb_pane.py" line="80" />
        <source>Line hours</source>
        <translation>Часы работы линий</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../ui/main_window.py" line="178" />
        <source>Database error</source>
        <translation>Ошибка базы данных</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="180" />
        <source>The change could not be saved to the local database. Your work on screen is kept; try again, and tell your administrator if it repeats.</source>
        <translation>Не удалось сохранить изменение в локальной базе данных. Данные на экране не потеряны; повторите попытку, а если ошибка повторится, сообщите администратору.</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="202" />
        <source>Passwords</source>
        <translation>Пароли</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="210" />
        <source>SIP password</source>
        <translation>Пароль SIP</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="217" />
        <source>Central database password</source>
        <translation>Пароль центральной базы данных</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="227" />
        <source>No system keyring was found, so the password for %1 cannot be remembered. Enter it for this session; it is kept only until the desk is closed.</source>
        <translation>Системное хранилище паролей не найдено, поэтому пароль для %1 нельзя запомнить. Введите его на эту смену: он хранится только до закрытия программы.</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="244" />
        <source>About %1</source>
        <translation>О программе %1</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="245" />
        <source>%1 %2: the operator desk of the portal support hotline.</source>
        <translation>%1 %2: рабочее место оператора горячей линии поддержки портала.</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="252" />
        <source>Hotline Desk — operator</source>
        <translation>Hotline Desk — оператор</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="254" />
        <source>Answer</source>
        <translation>Ответить</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="255" />
        <source>Hang up</source>
        <translation>Завершить</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="256" />
        <source>Hold</source>
        <translation>Удержание</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="257" />
        <source>Mute</source>
        <translation>Без звука</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="258" />
        <source>Transfer</source>
        <translation>Перевести</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="259" />
        <source>Ready</source>
        <translation>Готов</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="260" />
        <source>Not ready</source>
        <translation>Не готов</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="261" />
        <source>After-call work</source>
        <translation>Постобработка</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="262" />
        <source>Search the knowledge base</source>
        <translation>Искать в базе знаний</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="263" />
        <source>Settings…</source>
        <translation>Настройки…</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="264" />
        <source>Quit</source>
        <translation>Выход</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="265" />
        <source>About</source>
        <translation>О программе</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="273" />
        <source>Verification</source>
        <translation>Проверка</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="273" />
        <source>Ticket</source>
        <translation>Обращение</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="273" />
        <source>History</source>
        <translation>История</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="277" />
        <source>&amp;Desk</source>
        <translation>&amp;Программа</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="278" />
        <source>&amp;Call</source>
        <translation>&amp;Звонок</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="279" />
        <source>&amp;Status</source>
        <translation>&amp;Статус</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="280" />
        <source>&amp;View</source>
        <translation>&amp;Вид</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="281" />
        <source>&amp;Help</source>
        <translation>Спр&amp;авка</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <location filename="../../ui/settings_dialog.py" line="240" />
        <source>%1 (not connected)</source>
        <translation>%1 (не подключено)</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="302" />
        <source>Enter the registrar (PBX) address, e.g. pbx.example.org.</source>
        <translation>Укажите адрес регистратора (АТС), например pbx.example.org.</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="304" />
        <source>Enter the SIP user name the PBX gave you.</source>
        <translation>Укажите имя пользователя SIP, выданное для АТС.</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="306" />
        <source>Enter the address to listen on for SIP (e.g. 0.0.0.0).</source>
        <translation>Укажите адрес, на котором принимать SIP (например, 0.0.0.0).</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="309" />
        <source>Enter the central database server's address.</source>
        <translation>Укажите адрес сервера центральной базы данных.</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="311" />
        <source>Enter your database user name.</source>
        <translation>Укажите имя пользователя базы данных.</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="313" />
        <source>Enter the central database's name.</source>
        <translation>Укажите имя центральной базы данных.</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="364" />
        <source>No system keyring was found, so the passwords are kept only until the desk is closed; you will be asked again next time.</source>
        <translation>Системное хранилище паролей не найдено, поэтому пароли хранятся только до закрытия программы; при следующем запуске их нужно будет ввести снова.</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="374" />
        <source>Settings</source>
        <translation>Настройки</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="375" />
        <source>SIP account</source>
        <translation>Учётная запись SIP</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="376" />
        <source>Audio</source>
        <translation>Звук</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="377" />
        <source>Language</source>
        <translation>Язык</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="378" />
        <source>Database</source>
        <translation>База данных</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="380" />
        <source>Direct calls (no PBX)</source>
        <translation>Прямые звонки (без АТС)</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="381" />
        <source>Register with a PBX</source>
        <translation>Регистрация на АТС</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="386" />
        <location filename="../../ui/settings_dialog.py" line="426" />
        <source>Mode:</source>
        <translation>Режим:</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="387" />
        <source>Listen on address:</source>
        <translation>Адрес для приёма:</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="388" />
        <source>Local SIP port:</source>
        <translation>Локальный порт SIP:</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="389" />
        <source>Registrar (PBX):</source>
        <translation>Регистратор (АТС):</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="390" />
        <location filename="../../ui/settings_dialog.py" line="431" />
        <source>User name:</source>
        <translation>Имя пользователя:</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="391" />
        <source>Display name:</source>
        <translation>Отображаемое имя:</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="392" />
        <location filename="../../ui/settings_dialog.py" line="432" />
        <source>Password:</source>
        <translation>Пароль:</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="393" />
        <source>Transport:</source>
        <translation>Транспорт:</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="394" />
        <source>Encrypt media (SRTP):</source>
        <translation>Шифровать голос (SRTP):</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="397" />
        <location filename="../../ui/settings_dialog.py" line="442" />
        <source>Kept in the system keyring, never in a file</source>
        <translation>Хранится в системном хранилище паролей, никогда в файле</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="400" />
        <source>The SIP engine's TLS is built on OpenSSL 1.0.2, which no longer gets security fixes. Where you can, let the PBX or a VPN protect the signalling.</source>
        <translation>TLS в SIP-движке построен на OpenSSL 1.0.2, для которого больше не выходят исправления безопасности. По возможности защищайте сигнализацию средствами АТС или VPN.</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="406" />
        <source>Microphone:</source>
        <translation>Микрофон:</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="406" />
        <source>Earpiece:</source>
        <translation>Наушник:</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="406" />
        <source>Ringtone on:</source>
        <translation>Звонок на:</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="409" />
        <source>System default</source>
        <translation>Системное устройство по умолчанию</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="412" />
        <source>Devices are remembered by name. Sound goes through them once telephony is connected.</source>
        <translation>Устройства запоминаются по названию. Звук пойдёт через них, когда будет подключена телефония.</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="416" />
        <source>Interface language:</source>
        <translation>Язык интерфейса:</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="418" />
        <source>Local database only</source>
        <translation>Только локальная база данных</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="419" />
        <source>Local database synced with a central one</source>
        <translation>Локальная база с синхронизацией с центральной</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="427" />
        <source>Local database file:</source>
        <translation>Файл локальной базы:</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="428" />
        <source>Central server:</source>
        <translation>Центральный сервер:</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="429" />
        <source>Port:</source>
        <translation>Порт:</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="430" />
        <source>Database name:</source>
        <translation>Имя базы данных:</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="433" />
        <source>TLS (sslmode):</source>
        <translation>TLS (sslmode):</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="438" />
        <source>The desk always works on the local file. Sync with the central database is not active in this version; these settings are kept for it.</source>
        <translation>Программа всегда работает с локальным файлом. Синхронизация с центральной базой в этой версии не включена; настройки сохраняются для неё.</translation>
    </message>
</context>
<context>
    <name>Startup</name>
    <message>
        <location filename="../../ui/application.py" line="53" />
        <source>The desk cannot start</source>
        <translation>Программа не может запуститься</translation>
    </message>
    <message>
        <location filename="../../ui/application.py" line="54" />
        <source>The local database cannot be opened (%1). Check that the disk is not full and the folder is writable, then start the desk again.</source>
        <translation>Не удаётся открыть локальную базу данных (%1). Проверьте, что диск не заполнен и в папку можно записывать, и запустите программу снова.</translation>
    </message>
</context>
<context>
    <name>States</name>
    <message>
        <location filename="../../ui/texts.py" line="12" />
        <source>Ready</source>
        <translation>Готов</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="13" />
        <source>Not ready</source>
        <translation>Не готов</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="14" />
        <source>After-call work</source>
        <translation>Постобработка</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="20" />
        <source>SIP: not started</source>
        <translation>SIP: не запущен</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="21" />
        <source>SIP: direct calls</source>
        <translation>SIP: прямые звонки</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="22" />
        <source>SIP: registering…</source>
        <translation>SIP: регистрация…</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="23" />
        <source>SIP: registered</source>
        <translation>SIP: зарегистрирован</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="24" />
        <source>SIP: registration failed</source>
        <translation>SIP: ошибка регистрации</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="30" />
        <source>Database: local</source>
        <translation>База: локальная</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="31" />
        <source>Database: central, in sync</source>
        <translation>База: центральная, синхронизирована</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="34" />
        <source>Database: offline, changes kept locally</source>
        <translation>База: нет связи, изменения сохраняются локально</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="37" />
        <source>Database: error</source>
        <translation>База: ошибка</translation>
    </message>
</context>
<context>
    <name>Workspace</name>
    <message>
        <location filename="../../ui/workspace.py" line="66" />
        <source>missed</source>
        <translation>пропущен</translation>
    </message>
    <message>
        <location filename="../../ui/workspace.py" line="80" />
        <source>Verification</source>
        <translation>Проверка</translation>
    </message>
    <message>
        <location filename="../../ui/workspace.py" line="80" />
        <source>Ticket</source>
        <translation>Обращение</translation>
    </message>
    <message>
        <location filename="../../ui/workspace.py" line="80" />
        <source>History</source>
        <translation>История</translation>
    </message>
    <message>
        <location filename="../../ui/workspace.py" line="86" />
        <source>Caller verification (full name, SNILS, INN, passport, security question) will be done here during a call.</source>
        <translation>Здесь во время звонка будет проверка личности звонящего (ФИО, СНИЛС, ИНН, паспорт, контрольный вопрос).</translation>
    </message>
    <message>
        <location filename="../../ui/workspace.py" line="92" />
        <source>The ticket form will be here: the case, its category and the number you dictate to the caller.</source>
        <translation>Здесь будет форма обращения: суть вопроса, категория и номер, который вы продиктуете звонящему.</translation>
    </message>
    <message>
        <location filename="../../ui/workspace.py" line="97" />
        <source>Time (MSK)</source>
        <translation>Время (МСК)</translation>
    </message>
    <message>
        <location filename="../../ui/workspace.py" line="97" />
        <source>Line</source>
        <translation>Линия</translation>
    </message>
    <message>
        <location filename="../../ui/workspace.py" line="97" />
        <source>Caller</source>
        <translation>Звонящий</translation>
    </message>
    <message>
        <location filename="../../ui/workspace.py" line="97" />
        <source>Duration</source>
        <translation>Длительность</translation>
    </message>
    <message>
        <location filename="../../ui/workspace.py" line="99" />
        <source>No calls yet on this desk.</source>
        <translation>На этом рабочем месте ещё не было звонков.</translation>
    </message>
</context>
</TS>