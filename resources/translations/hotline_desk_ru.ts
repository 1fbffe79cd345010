<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ru" sourcelanguage="en">
<context>
    <name>ApplicationChange</name>
    <message>
        <location filename="../../ui/application_change.py" line="133"/>
        <source>dd.mm.yyyy, from tomorrow to a month ahead</source>
        <translation>дд.мм.гггг, с завтрашнего дня и до месяца вперёд</translation>
    </message>
    <message>
        <location filename="../../ui/application_change.py" line="135"/>
        <source>name@example.ru</source>
        <translation>name@example.ru</translation>
    </message>
    <message>
        <location filename="../../ui/application_change.py" line="151"/>
        <source>Changing an application needs the applicant fully verified.</source>
        <translation>Для изменения заявки заявитель должен пройти полную проверку.</translation>
    </message>
    <message>
        <location filename="../../ui/application_change.py" line="165"/>
        <source>The %1 of application %2 changes from %3 to %4. Ask the back office?</source>
        <translation>В заявке %2 изменится %1: было %3, станет %4. Отправить запрос в бэк-офис?</translation>
    </message>
    <message>
        <location filename="../../ui/application_change.py" line="169"/>
        <source>Change the application</source>
        <translation>Изменение заявки</translation>
    </message>
    <message>
        <location filename="../../ui/application_change.py" line="177"/>
        <source>The service does not let this be changed now.</source>
        <translation>Услуга сейчас не позволяет это изменить.</translation>
    </message>
    <message>
        <location filename="../../ui/application_change.py" line="185"/>
        <source>Done: request %1. Read the number to the caller.</source>
        <translation>Готово: запрос %1. Продиктуйте номер звонящему.</translation>
    </message>
    <message>
        <location filename="../../ui/application_change.py" line="190"/>
        <source>Not done: %1</source>
        <translation>Не выполнено: %1</translation>
    </message>
    <message>
        <location filename="../../ui/application_change.py" line="197"/>
        <source>Change in the application</source>
        <translation>Изменить в заявке</translation>
    </message>
    <message>
        <location filename="../../ui/application_change.py" line="198"/>
        <source>Ask to change</source>
        <translation>Запросить изменение</translation>
    </message>
</context>
<context>
    <name>ApplicationPanel</name>
    <message>
        <location filename="../../ui/application_panel.py" line="197"/>
        <source>That is not an application number: 6 to 20 digits.</source>
        <translation>Это не номер заявки: нужно от 6 до 20 цифр.</translation>
    </message>
    <message>
        <location filename="../../ui/application_panel.py" line="200"/>
        <source>Looking the application up in the central database…</source>
        <translation>Поиск заявки в центральной базе…</translation>
    </message>
    <message>
        <location filename="../../ui/application_panel.py" line="216"/>
        <source>The central database does not answer: the application cannot be looked up now.</source>
        <translation>Центральная база не отвечает: найти заявку сейчас нельзя.</translation>
    </message>
    <message>
        <location filename="../../ui/application_panel.py" line="223"/>
        <source>No application with this number.</source>
        <translation>Заявки с таким номером нет.</translation>
    </message>
    <message>
        <location filename="../../ui/application_panel.py" line="234"/>
        <source>Sending to the department…</source>
        <translation>Передаём в отдел…</translation>
    </message>
    <message>
        <location filename="../../ui/application_panel.py" line="239"/>
        <source>Ticket %1 sent to the department. Read the number to the caller.</source>
        <translation>Обращение %1 передано в отдел. Продиктуйте номер заявителю.</translation>
    </message>
    <message>
        <location filename="../../ui/application_panel.py" line="246"/>
        <source>Not sent: %1</source>
        <translation>Не передано: %1</translation>
    </message>
    <message>
        <location filename="../../ui/application_panel.py" line="266"/>
        <source>Stage: %1 since %2</source>
        <translation>Этап: %1 с %2</translation>
    </message>
    <message>
        <location filename="../../ui/application_panel.py" line="269"/>
        <source>expected %1</source>
        <translation>ожидается %1</translation>
    </message>
    <message>
        <location filename="../../ui/application_panel.py" line="279"/>
        <source>The reason, the documents and who applied are told only to the verified applicant.</source>
        <translation>Причину, документы и заявителя сообщают только заявителю после проверки личности.</translation>
    </message>
    <message>
        <location filename="../../ui/application_panel.py" line="284"/>
        <source>Reason: %1</source>
        <translation>Причина: %1</translation>
    </message>
    <message>
        <location filename="../../ui/application_panel.py" line="288"/>
        <source>To bring or fix: %1</source>
        <translation>Принести или исправить: %1</translation>
    </message>
    <message>
        <location filename="../../ui/application_panel.py" line="301"/>
        <source>Application number as the caller says it, e.g. 2031 877 405</source>
        <translation>Номер заявки, как его диктует заявитель, например 2031 877 405</translation>
    </message>
    <message>
        <location filename="../../ui/application_panel.py" line="303"/>
        <source>Late</source>
        <translation>Просрочена</translation>
    </message>
    <message>
        <location filename="../../ui/application_panel.py" line="304"/>
        <source>What to tell the caller</source>
        <translation>Что сказать заявителю</translation>
    </message>
    <message>
        <location filename="../../ui/application_panel.py" line="305"/>
        <source>Escalate</source>
        <translation>Передать в отдел</translation>
    </message>
    <message>
        <location filename="../../ui/application_panel.py" line="307"/>
        <source>A ticket to the department that handles the service, to speed it up</source>
        <translation>Обращение в отдел, который оказывает услугу, чтобы ускорить рассмотрение</translation>
    </message>
    <message>
        <location filename="../../ui/application_panel.py" line="309"/>
        <source>Add to ticket</source>
        <translation>Добавить в обращение</translation>
    </message>
</context>
<context>
    <name>Applications</name>
    <message>
        <location filename="../../ui/application_panel.py" line="52"/>
        <source>Submitted</source>
        <translation>Подана</translation>
    </message>
    <message>
        <location filename="../../ui/application_panel.py" line="53"/>
        <source>Registered</source>
        <translation>Зарегистрирована</translation>
    </message>
    <message>
        <location filename="../../ui/application_panel.py" line="54"/>
        <source>Under review</source>
        <translation>На рассмотрении</translation>
    </message>
    <message>
        <location filename="../../ui/application_panel.py" line="55"/>
        <source>Documents requested</source>
        <translation>Запрошены документы</translation>
    </message>
    <message>
        <location filename="../../ui/application_panel.py" line="58"/>
        <source>Completed</source>
        <translation>Услуга оказана</translation>
    </message>
    <message>
        <location filename="../../ui/application_panel.py" line="59"/>
        <source>Rejected</source>
        <translation>Отказ</translation>
    </message>
    <message>
        <location filename="../../ui/application_panel.py" line="60"/>
        <source>Returned</source>
        <translation>Возвращена</translation>
    </message>
    <message>
        <location filename="../../ui/application_change.py" line="49"/>
        <source>contact phone</source>
        <translation>контактный телефон</translation>
    </message>
    <message>
        <location filename="../../ui/application_change.py" line="50"/>
        <source>contact e-mail</source>
        <translation>контактная почта</translation>
    </message>
    <message>
        <location filename="../../ui/application_change.py" line="51"/>
        <source>day of the visit</source>
        <translation>день визита</translation>
    </message>
    <message>
        <location filename="../../ui/application_change.py" line="209"/>
        <source>That is not a phone number.</source>
        <translation>Это не номер телефона.</translation>
    </message>
    <message>
        <location filename="../../ui/application_change.py" line="210"/>
        <source>That is not an e-mail address.</source>
        <translation>Это не адрес электронной почты.</translation>
    </message>
    <message>
        <location filename="../../ui/application_change.py" line="211"/>
        <source>That is not a date: dd.mm.yyyy.</source>
        <translation>Это не дата: нужно дд.мм.гггг.</translation>
    </message>
    <message>
        <location filename="../../ui/application_change.py" line="212"/>
        <source>The day must be from tomorrow to a month ahead.</source>
        <translation>День визита — с завтрашнего дня и не дальше месяца вперёд.</translation>
    </message>
    <message>
        <location filename="../../ui/application_change.py" line="215"/>
        <source>That is what it is already.</source>
        <translation>Это значение уже указано в заявке.</translation>
    </message>
</context>
<context>
    <name>ArticleEditor</name>
    <message>
        <location filename="../../ui/kb_editor.py" line="77"/>
        <source>Knowledge-base article</source>
        <translation>Статья базы знаний</translation>
    </message>
    <message>
        <location filename="../../ui/kb_editor.py" line="84"/>
        <source>Article</source>
        <translation>Статья</translation>
    </message>
    <message>
        <location filename="../../ui/kb_editor.py" line="85"/>
        <source>Operator script</source>
        <translation>Скрипт оператора</translation>
    </message>
    <message>
        <location filename="../../ui/kb_editor.py" line="93"/>
        <source>Draft (operators do not see it)</source>
        <translation>Черновик (операторы его не видят)</translation>
    </message>
    <message>
        <location filename="../../ui/kb_editor.py" line="94"/>
        <source>Published</source>
        <translation>Опубликована</translation>
    </message>
    <message>
        <location filename="../../ui/kb_editor.py" line="96"/>
        <source>Id</source>
        <translation>Идентификатор</translation>
    </message>
    <message>
        <location filename="../../ui/kb_editor.py" line="97"/>
        <source>Language</source>
        <translation>Язык</translation>
    </message>
    <message>
        <location filename="../../ui/kb_editor.py" line="98"/>
        <source>Kind</source>
        <translation>Вид</translation>
    </message>
    <message>
        <location filename="../../ui/kb_editor.py" line="99"/>
        <source>Title</source>
        <translation>Заголовок</translation>
    </message>
    <message>
        <location filename="../../ui/kb_editor.py" line="100"/>
        <source>Categories</source>
        <translation>Категории</translation>
    </message>
    <message>
        <location filename="../../ui/kb_editor.py" line="101"/>
        <source>Keywords</source>
        <translation>Ключевые слова</translation>
    </message>
    <message>
        <location filename="../../ui/kb_editor.py" line="102"/>
        <source>Status</source>
        <translation>Статус</translation>
    </message>
    <message>
        <location filename="../../ui/kb_editor.py" line="117"/>
        <source>Restore this version</source>
        <translation>Вернуть эту версию</translation>
    </message>
    <message>
        <location filename="../../ui/kb_editor.py" line="120"/>
        <source>Versions</source>
        <translation>Версии</translation>
    </message>
    <message>
        <location filename="../../ui/kb_editor.py" line="158"/>
        <source>The id is 3 to 100 small Latin letters, digits and hyphens.</source>
        <translation>Идентификатор — от 3 до 100 строчных латинских букв, цифр и дефисов.</translation>
    </message>
    <message>
        <location filename="../../ui/kb_editor.py" line="160"/>
        <source>An article needs a title and a text.</source>
        <translation>У статьи должны быть заголовок и текст.</translation>
    </message>
    <message>
        <location filename="../../ui/kb_editor.py" line="163"/>
        <source>{{%1}} is not a value the desk knows: operators would read “…”. Use one of the line and deadline placeholders.</source>
        <translation>{{%1}} — такого значения нет в базе: операторы увидят «…». Используйте подстановки линий и сроков.</translation>
    </message>
    <message>
        <location filename="../../ui/kb_editor.py" line="192"/>
        <source>Saved as version %1.</source>
        <translation>Сохранено как версия %1.</translation>
    </message>
    <message>
        <location filename="../../ui/kb_editor.py" line="198"/>
        <source>Another article already has this id in this language.</source>
        <translation>У другой статьи на этом языке уже есть такой идентификатор.</translation>
    </message>
    <message>
        <location filename="../../ui/kb_editor.py" line="201"/>
        <source>The article could not be saved; your text is kept.</source>
        <translation>Статью не удалось сохранить; текст остаётся в редакторе.</translation>
    </message>
    <message>
        <location filename="../../ui/kb_editor.py" line="208"/>
        <source>published</source>
        <translation>опубликована</translation>
    </message>
    <message>
        <location filename="../../ui/kb_editor.py" line="210"/>
        <source>draft</source>
        <translation>черновик</translation>
    </message>
    <message>
        <location filename="../../ui/kb_editor.py" line="225"/>
        <source>Restored into the editor: save to keep it.</source>
        <translation>Версия возвращена в редактор: сохраните, чтобы она стала текущей.</translation>
    </message>
</context>
<context>
    <name>AudioControl</name>
    <message>
        <location filename="../../ui/audio_control.py" line="58"/>
        <source>microphone</source>
        <translation>микрофон</translation>
    </message>
    <message>
        <location filename="../../ui/audio_control.py" line="59"/>
        <source>earpiece</source>
        <translation>наушники</translation>
    </message>
    <message>
        <location filename="../../ui/audio_control.py" line="60"/>
        <source>ringtone</source>
        <translation>сигнал вызова</translation>
    </message>
    <message>
        <location filename="../../ui/audio_control.py" line="64"/>
        <source>%1 is not connected: %2 is used as the %3 instead.</source>
        <translation>%1 не подключено: для роли «%3» используется %2.</translation>
    </message>
    <message>
        <location filename="../../ui/audio_control.py" line="66"/>
        <source>%1 is connected again and used as the %3.</source>
        <translation>%1 снова подключено и используется для роли «%3».</translation>
    </message>
    <message>
        <location filename="../../ui/audio_control.py" line="68"/>
        <source>No device can serve as the %3: plug in a headset.</source>
        <translation>Нет устройства для роли «%3»: подключите гарнитуру.</translation>
    </message>
    <message>
        <location filename="../../ui/audio_control.py" line="70"/>
        <source>The chosen device</source>
        <translation>Выбранное устройство</translation>
    </message>
    <message>
        <location filename="../../ui/audio_control.py" line="81"/>
        <source>Audio device</source>
        <translation>Звуковое устройство</translation>
    </message>
</context>
<context>
    <name>AudioPage</name>
    <message>
        <location filename="../../ui/audio_settings.py" line="143"/>
        <source>%1 (not connected)</source>
        <translation>%1 (не подключено)</translation>
    </message>
    <message>
        <location filename="../../ui/audio_settings.py" line="207"/>
        <source>Not during a call: the headset is in use.</source>
        <translation>Во время разговора нельзя: гарнитура занята.</translation>
    </message>
    <message>
        <location filename="../../ui/audio_settings.py" line="228"/>
        <source>Done. Did you hear the tone and your voice?</source>
        <translation>Готово. Были слышны сигнал и ваш голос?</translation>
    </message>
    <message>
        <location filename="../../ui/audio_settings.py" line="235"/>
        <source>Playing a tone in the earpiece…</source>
        <translation>В наушниках звучит сигнал…</translation>
    </message>
    <message>
        <location filename="../../ui/audio_settings.py" line="236"/>
        <source>Speak now: recording three seconds…</source>
        <translation>Говорите: идёт запись трёх секунд…</translation>
    </message>
    <message>
        <location filename="../../ui/audio_settings.py" line="237"/>
        <source>Playing back what the microphone heard…</source>
        <translation>Воспроизводится запись с микрофона…</translation>
    </message>
    <message>
        <location filename="../../ui/audio_settings.py" line="241"/>
        <source>Stop</source>
        <translation>Остановить</translation>
    </message>
    <message>
        <location filename="../../ui/audio_settings.py" line="241"/>
        <source>Test audio</source>
        <translation>Проверить звук</translation>
    </message>
    <message>
        <location filename="../../ui/audio_settings.py" line="246"/>
        <source>Microphone:</source>
        <translation>Микрофон:</translation>
    </message>
    <message>
        <location filename="../../ui/audio_settings.py" line="247"/>
        <source>Microphone gain (dB):</source>
        <translation>Усиление микрофона (дБ):</translation>
    </message>
    <message>
        <location filename="../../ui/audio_settings.py" line="248"/>
        <source>Earpiece:</source>
        <translation>Наушники:</translation>
    </message>
    <message>
        <location filename="../../ui/audio_settings.py" line="249"/>
        <source>Earpiece volume:</source>
        <translation>Громкость наушников:</translation>
    </message>
    <message>
        <location filename="../../ui/audio_settings.py" line="250"/>
        <source>Ringtone on:</source>
        <translation>Сигнал вызова на:</translation>
    </message>
    <message>
        <location filename="../../ui/audio_settings.py" line="251"/>
        <source>Ringtone volume:</source>
        <translation>Громкость сигнала вызова:</translation>
    </message>
    <message>
        <location filename="../../ui/audio_settings.py" line="252"/>
        <source>Headset buttons:</source>
        <translation>Кнопки гарнитуры:</translation>
    </message>
    <message>
        <location filename="../../ui/audio_settings.py" line="253"/>
        <source>Headset for the buttons:</source>
        <translation>Гарнитура для кнопок:</translation>
    </message>
    <message>
        <location filename="../../ui/audio_settings.py" line="254"/>
        <source>Call recording:</source>
        <translation>Запись разговоров:</translation>
    </message>
    <message>
        <location filename="../../ui/audio_settings.py" line="255"/>
        <source>Notice to the caller:</source>
        <translation>Предупреждение звонящему:</translation>
    </message>
    <message>
        <location filename="../../ui/audio_settings.py" line="256"/>
        <source>Keep recordings for:</source>
        <translation>Хранить записи:</translation>
    </message>
    <message>
        <location filename="../../ui/audio_settings.py" line="257"/>
        <source>Levels:</source>
        <translation>Уровни:</translation>
    </message>
    <message>
        <location filename="../../ui/audio_settings.py" line="261"/>
        <source>answer, hang up, mute and hold from the headset</source>
        <translation>отвечать, завершать, выключать микрофон и удерживать кнопками гарнитуры</translation>
    </message>
    <message>
        <location filename="../../ui/audio_settings.py" line="262"/>
        <source>the first headset found</source>
        <translation>первая найденная гарнитура</translation>
    </message>
    <message>
        <location filename="../../ui/audio_settings.py" line="263"/>
        <source>record every answered call (a WAV file per call)</source>
        <translation>записывать каждый принятый звонок (файл WAV на звонок)</translation>
    </message>
    <message>
        <location filename="../../ui/audio_settings.py" line="265"/>
        <source>the caller hears a notice that the call is recorded</source>
        <translation>звонящий слышит сигнал о том, что разговор записывается</translation>
    </message>
    <message>
        <location filename="../../ui/audio_settings.py" line="267"/>
        <source> days</source>
        <translation> дн.</translation>
    </message>
    <message>
        <location filename="../../ui/audio_settings.py" line="268"/>
        <source>microphone</source>
        <translation>микрофон</translation>
    </message>
    <message>
        <location filename="../../ui/audio_settings.py" line="269"/>
        <source>earpiece</source>
        <translation>наушники</translation>
    </message>
    <message>
        <location filename="../../ui/audio_settings.py" line="271"/>
        <source>System default</source>
        <translation>Системное по умолчанию</translation>
    </message>
    <message>
        <location filename="../../ui/audio_settings.py" line="274"/>
        <source>Devices are remembered by name. If one is unplugged the system default stands in and you are told; when it comes back it is used again.</source>
        <translation>Устройства запоминаются по имени. Если устройство отключат, вместо него работает системное по умолчанию, и вы увидите сообщение; когда оно вернётся, оно снова будет использоваться.</translation>
    </message>
    <message>
        <location filename="../../ui/audio_settings.py" line="279"/>
        <source>The sound check needs telephony to be running.</source>
        <translation>Для проверки звука телефония должна быть запущена.</translation>
    </message>
</context>
<context>
    <name>CallBackBanner</name>
    <message>
        <location filename="../../ui/caller_card.py" line="49"/>
        <source>The PBX says this call is about ticket %1.</source>
        <translation>АТС сообщает: звонок по обращению %1.</translation>
    </message>
    <message>
        <location filename="../../ui/caller_card.py" line="52"/>
        <source>Call interrupted? This number called %2 min ago; previous ticket %1.</source>
        <translation>Звонок прервался? С этого номера звонили %2 мин назад; предыдущее обращение %1.</translation>
    </message>
    <message>
        <location filename="../../ui/caller_card.py" line="55"/>
        <source>Call interrupted? Previous ticket %1.</source>
        <translation>Звонок прервался? Предыдущее обращение %1.</translation>
    </message>
    <message>
        <location filename="../../ui/caller_card.py" line="58"/>
        <source>Open ticket %1 (Ctrl+R)</source>
        <translation>Открыть обращение %1 (Ctrl+R)</translation>
    </message>
</context>
<context>
    <name>CallController</name>
    <message>
        <location filename="../../ui/call_controller.py" line="188"/>
        <source>%1 %2; trying again in %3 s</source>
        <translation>%1 %2; следующая попытка через %3 с</translation>
    </message>
    <message>
        <location filename="../../ui/call_controller.py" line="252"/>
        <source>Incoming call</source>
        <translation>Входящий звонок</translation>
    </message>
    <message>
        <location filename="../../ui/call_controller.py" line="284"/>
        <location filename="../../ui/call_controller.py" line="341"/>
        <source>Transfer</source>
        <translation>Перевести</translation>
    </message>
    <message>
        <location filename="../../ui/call_controller.py" line="285"/>
        <source>%1 is not a number or SIP address this desk can call.</source>
        <translation>%1 — не номер и не SIP-адрес, на который можно позвонить с этого места.</translation>
    </message>
    <message>
        <location filename="../../ui/call_controller.py" line="302"/>
        <location filename="../../ui/call_controller.py" line="344"/>
        <source>Call</source>
        <translation>Позвонить</translation>
    </message>
    <message>
        <location filename="../../ui/call_controller.py" line="304"/>
        <source>%1 cannot be called from here: type a full SIP address (user@host), or set up a PBX in Settings to call numbers.</source>
        <translation>На %1 отсюда позвонить нельзя: введите полный SIP-адрес (user@host) или настройте АТС в настройках, чтобы звонить на номера.</translation>
    </message>
    <message>
        <location filename="../../ui/call_controller.py" line="323"/>
        <source>Demo call</source>
        <translation>Демонстрационный звонок</translation>
    </message>
    <message>
        <location filename="../../ui/call_controller.py" line="324"/>
        <source>The simulated caller could not start: %1</source>
        <translation>Не удалось запустить имитацию звонящего: %1</translation>
    </message>
    <message>
        <location filename="../../ui/call_controller.py" line="337"/>
        <source>Answer</source>
        <translation>Ответить</translation>
    </message>
    <message>
        <location filename="../../ui/call_controller.py" line="338"/>
        <source>Hang up</source>
        <translation>Завершить</translation>
    </message>
    <message>
        <location filename="../../ui/call_controller.py" line="339"/>
        <source>Hold</source>
        <translation>Удержание</translation>
    </message>
    <message>
        <location filename="../../ui/call_controller.py" line="340"/>
        <source>Mute</source>
        <translation>Без звука</translation>
    </message>
    <message>
        <location filename="../../ui/call_controller.py" line="342"/>
        <source>Complete transfer</source>
        <translation>Завершить перевод</translation>
    </message>
    <message>
        <location filename="../../ui/call_controller.py" line="343"/>
        <source>Keypad</source>
        <translation>Клавиатура</translation>
    </message>
    <message>
        <location filename="../../ui/call_controller.py" line="345"/>
        <source>Demo call (a simulated caller rings)</source>
        <translation>Демонстрационный звонок (звонит имитация абонента)</translation>
    </message>
    <message>
        <location filename="../../ui/call_controller.py" line="346"/>
        <source>Verify the caller</source>
        <translation>Проверить звонящего</translation>
    </message>
</context>
<context>
    <name>CallPanel</name>
    <message>
        <location filename="../../ui/call_panel.py" line="156"/>
        <source>No call</source>
        <translation>Нет звонка</translation>
    </message>
    <message>
        <location filename="../../ui/call_panel.py" line="159"/>
        <source>Domestic line</source>
        <translation>Линия по России</translation>
    </message>
    <message>
        <location filename="../../ui/call_panel.py" line="161"/>
        <source>International line</source>
        <translation>Международная линия</translation>
    </message>
    <message>
        <location filename="../../ui/call_panel.py" line="163"/>
        <source>Outgoing</source>
        <translation>Исходящий</translation>
    </message>
    <message>
        <location filename="../../ui/call_panel.py" line="163"/>
        <source>Direct</source>
        <translation>Прямой</translation>
    </message>
    <message>
        <location filename="../../ui/call_panel.py" line="171"/>
        <source>The line the call came in on</source>
        <translation>Линия, на которую пришёл звонок</translation>
    </message>
    <message>
        <location filename="../../ui/call_panel.py" line="178"/>
        <source>The language the caller chose in the voice menu</source>
        <translation>Язык, выбранный звонящим в голосовом меню</translation>
    </message>
    <message>
        <location filename="../../ui/call_panel.py" line="179"/>
        <source>Number or SIP address</source>
        <translation>Номер или SIP-адрес</translation>
    </message>
    <message>
        <location filename="../../ui/call_panel.py" line="182"/>
        <source>Waiting for a call</source>
        <translation>Ожидание звонка</translation>
    </message>
    <message>
        <location filename="../../ui/call_panel.py" line="184"/>
        <source>Go Ready (F5) to take calls from the queue.</source>
        <translation>Чтобы принимать звонки из очереди, перейдите в статус «Готов» (F5).</translation>
    </message>
    <message>
        <location filename="../../ui/call_panel.py" line="186"/>
        <source>The phone is starting…</source>
        <translation>Телефон запускается…</translation>
    </message>
    <message>
        <location filename="../../ui/call_panel.py" line="192"/>
        <source>Unknown caller</source>
        <translation>Неизвестный абонент</translation>
    </message>
    <message>
        <location filename="../../ui/call_panel.py" line="197"/>
        <source>case %1</source>
        <translation>обращение %1</translation>
    </message>
    <message>
        <location filename="../../ui/call_panel.py" line="200"/>
        <source>waited %1 in the queue</source>
        <translation>ждал в очереди %1</translation>
    </message>
    <message>
        <location filename="../../ui/call_panel.py" line="205"/>
        <source>microphone muted</source>
        <translation>микрофон выключен</translation>
    </message>
    <message>
        <location filename="../../ui/call_panel.py" line="207"/>
        <source>the caller put you on hold</source>
        <translation>звонящий поставил вас на удержание</translation>
    </message>
    <message>
        <location filename="../../ui/call_panel.py" line="218"/>
        <source>First call from this number</source>
        <translation>Первый звонок с этого номера</translation>
    </message>
    <message>
        <location filename="../../ui/call_panel.py" line="221"/>
        <source>Earlier calls: %1, the last on %2 MSK</source>
        <translation>Звонков ранее: %1, последний %2 МСК</translation>
    </message>
    <message>
        <location filename="../../ui/call_panel.py" line="180"/>
        <source>Call duration</source>
        <translation>Длительность разговора</translation>
    </message>
</context>
<context>
    <name>CallerActions</name>
    <message>
        <location filename="../../ui/caller_actions.py" line="144"/>
        <source>The account is not blocked.</source>
        <extracomment>Asks yes or no: (title, the sentence saying what will happen). Where to go: the offices with their hours, services and queue (any caller).</extracomment>
        <translation>Учётная запись не заблокирована.</translation>
    </message>
    <message>
        <location filename="../../ui/caller_actions.py" line="150"/>
        <source>Verify the caller first (Verification tab).</source>
        <translation>Сначала проверьте личность звонящего (вкладка «Проверка»).</translation>
    </message>
    <message>
        <location filename="../../ui/caller_actions.py" line="153"/>
        <source>Partly verified: blocking and appointments only; the rest needs full.</source>
        <translation>Проверен частично: доступны блокировка и запись в МФЦ; остальное — после полной проверки.</translation>
    </message>
    <message>
        <location filename="../../ui/caller_actions.py" line="196"/>
        <source>Asking the central database…</source>
        <translation>Запрос к центральной базе…</translation>
    </message>
    <message>
        <location filename="../../ui/caller_actions.py" line="213"/>
        <source>No MFC appointment.</source>
        <translation>Записи в МФЦ нет.</translation>
    </message>
    <message>
        <location filename="../../ui/caller_actions.py" line="216"/>
        <source>MFC appointment: %1, %2</source>
        <translation>Запись в МФЦ: %1, %2</translation>
    </message>
    <message>
        <location filename="../../ui/caller_actions.py" line="222"/>
        <source>Move here</source>
        <translation>Перенести сюда</translation>
    </message>
    <message>
        <location filename="../../ui/caller_actions.py" line="222"/>
        <source>Book</source>
        <translation>Записать</translation>
    </message>
    <message>
        <location filename="../../ui/caller_actions.py" line="239"/>
        <source>The central database does not answer: appointments cannot be seen or changed now. Offer to call back.</source>
        <translation>Центральная база не отвечает: записи в МФЦ сейчас не видны и не меняются. Предложите перезвонить.</translation>
    </message>
    <message>
        <location filename="../../ui/caller_actions.py" line="248"/>
        <source>The caller&apos;s portal account will be blocked now: nobody, the caller included, can sign in until it is unblocked. Block it?</source>
        <translation>Учётная запись звонящего будет заблокирована сейчас: войти не сможет никто, включая его самого, пока её не разблокируют. Заблокировать?</translation>
    </message>
    <message>
        <location filename="../../ui/caller_actions.py" line="251"/>
        <source>Block the account</source>
        <translation>Блокировка учётной записи</translation>
    </message>
    <message>
        <location filename="../../ui/caller_actions.py" line="255"/>
        <source>A password reset link goes to the caller&apos;s confirmed e-mail or phone; the old password stops working. Send it?</source>
        <translation>Ссылка для сброса пароля уйдёт на подтверждённую почту или телефон звонящего; старый пароль перестанет действовать. Отправить?</translation>
    </message>
    <message>
        <location filename="../../ui/caller_actions.py" line="258"/>
        <location filename="../../ui/caller_actions.py" line="349"/>
        <source>Password reset</source>
        <translation>Сброс пароля</translation>
    </message>
    <message>
        <location filename="../../ui/caller_actions.py" line="261"/>
        <source>The back office will unblock the caller&apos;s account. Ask it to?</source>
        <translation>Бэк-офис разблокирует учётную запись звонящего. Отправить запрос?</translation>
    </message>
    <message>
        <location filename="../../ui/caller_actions.py" line="262"/>
        <source>Unblock the account</source>
        <translation>Разблокировка учётной записи</translation>
    </message>
    <message>
        <location filename="../../ui/caller_actions.py" line="272"/>
        <source>Book %1 at %2 for the caller?</source>
        <translation>Записать звонящего на %1 в %2?</translation>
    </message>
    <message>
        <location filename="../../ui/caller_actions.py" line="273"/>
        <location filename="../../ui/caller_actions.py" line="278"/>
        <location filename="../../ui/caller_actions.py" line="286"/>
        <source>MFC appointment</source>
        <translation>Запись в МФЦ</translation>
    </message>
    <message>
        <location filename="../../ui/caller_actions.py" line="276"/>
        <source>The appointment of %1 will move to %2 at %3; the old time is freed.</source>
        <translation>Запись на %1 будет перенесена на %2 в %3; прежнее время освободится.</translation>
    </message>
    <message>
        <location filename="../../ui/caller_actions.py" line="284"/>
        <source>The appointment of %1 at %2 will be cancelled and the time freed.</source>
        <translation>Запись на %1 в %2 будет отменена, время освободится.</translation>
    </message>
    <message>
        <location filename="../../ui/caller_actions.py" line="314"/>
        <source>The caller is not verified enough for this.</source>
        <translation>Для этого звонящий проверен недостаточно.</translation>
    </message>
    <message>
        <location filename="../../ui/caller_actions.py" line="317"/>
        <source>That is not a valid phone number or e-mail.</source>
        <translation>Это неверный номер телефона или адрес почты.</translation>
    </message>
    <message>
        <location filename="../../ui/caller_actions.py" line="322"/>
        <source>Done: request %1. Read the number to the caller.</source>
        <translation>Готово: запрос %1. Продиктуйте номер звонящему.</translation>
    </message>
    <message>
        <location filename="../../ui/caller_actions.py" line="329"/>
        <source>Another operator has just taken that time: choose another.</source>
        <translation>Это время только что занял другой оператор: выберите другое.</translation>
    </message>
    <message>
        <location filename="../../ui/caller_actions.py" line="333"/>
        <source>The central database does not answer: nothing was changed.</source>
        <translation>Центральная база не отвечает: ничего не изменено.</translation>
    </message>
    <message>
        <location filename="../../ui/caller_actions.py" line="336"/>
        <source>Not done: %1</source>
        <translation>Не выполнено: %1</translation>
    </message>
    <message>
        <location filename="../../ui/caller_actions.py" line="347"/>
        <source>Actions for the caller</source>
        <translation>Действия для звонящего</translation>
    </message>
    <message>
        <location filename="../../ui/caller_actions.py" line="348"/>
        <source>Block</source>
        <translation>Заблокировать</translation>
    </message>
    <message>
        <location filename="../../ui/caller_actions.py" line="350"/>
        <source>Unblock</source>
        <translation>Разблокировать</translation>
    </message>
    <message>
        <location filename="../../ui/caller_actions.py" line="351"/>
        <source>Cancel appointment</source>
        <translation>Отменить запись</translation>
    </message>
    <message>
        <location filename="../../ui/caller_actions.py" line="352"/>
        <source>Access</source>
        <translation>Доступ</translation>
    </message>
    <message>
        <location filename="../../ui/caller_actions.py" line="352"/>
        <source>Contacts</source>
        <translation>Контакты</translation>
    </message>
    <message>
        <location filename="../../ui/caller_actions.py" line="352"/>
        <source>MFC</source>
        <translation>МФЦ</translation>
    </message>
    <message>
        <location filename="../../ui/caller_actions.py" line="352"/>
        <source>Where to go</source>
        <translation>Куда обратиться</translation>
    </message>
</context>
<context>
    <name>CallerCard</name>
    <message>
        <location filename="../../ui/caller_card.py" line="100"/>
        <source>draft</source>
        <translation>черновик</translation>
    </message>
    <message>
        <location filename="../../ui/caller_card.py" line="111"/>
        <source>missed</source>
        <translation>пропущен</translation>
    </message>
    <message>
        <location filename="../../ui/caller_card.py" line="121"/>
        <source>Recent tickets</source>
        <translation>Последние обращения</translation>
    </message>
    <message>
        <location filename="../../ui/caller_card.py" line="122"/>
        <source>Recent calls</source>
        <translation>Последние звонки</translation>
    </message>
</context>
<context>
    <name>ClickToCall</name>
    <message>
        <location filename="../../ui/click_to_call.py" line="46"/>
        <location filename="../../ui/click_to_call.py" line="52"/>
        <source>Call</source>
        <translation>Звонок</translation>
    </message>
    <message>
        <location filename="../../ui/click_to_call.py" line="47"/>
        <source>The link %1 has no number or SIP address to call.</source>
        <translation>В ссылке %1 нет номера или SIP-адреса, по которому можно позвонить.</translation>
    </message>
    <message>
        <location filename="../../ui/click_to_call.py" line="51"/>
        <source>Call %1?</source>
        <translation>Позвонить на %1?</translation>
    </message>
</context>
<context>
    <name>ContactChange</name>
    <message>
        <location filename="../../ui/contact_change.py" line="87"/>
        <source>The portal account&apos;s contact phone becomes %1 (the caller confirmed it with a code). Codes and notices go there from then on. Ask the back office?</source>
        <extracomment>The caller card&apos;s path for a request: (title, what will happen, the request). Builds the request for a kind and a new value.</extracomment>
        <translation>Контактным телефоном учётной записи станет %1 (звонящий подтвердил его кодом). Коды и уведомления будут приходить туда. Отправить запрос в бэк-офис?</translation>
    </message>
    <message>
        <location filename="../../ui/contact_change.py" line="91"/>
        <source>Contact phone</source>
        <translation>Контактный телефон</translation>
    </message>
    <message>
        <location filename="../../ui/contact_change.py" line="96"/>
        <source>That is not an e-mail address.</source>
        <translation>Это не адрес электронной почты.</translation>
    </message>
    <message>
        <location filename="../../ui/contact_change.py" line="99"/>
        <source>The portal account&apos;s e-mail becomes %1; the portal sends a link there to confirm it. Ask the back office?</source>
        <translation>Адресом почты учётной записи станет %1; портал пришлёт туда ссылку для подтверждения. Отправить запрос в бэк-офис?</translation>
    </message>
    <message>
        <location filename="../../ui/contact_change.py" line="103"/>
        <source>E-mail</source>
        <translation>Электронная почта</translation>
    </message>
    <message>
        <location filename="../../ui/contact_change.py" line="110"/>
        <source>New e-mail:</source>
        <translation>Новый адрес почты:</translation>
    </message>
    <message>
        <location filename="../../ui/contact_change.py" line="111"/>
        <source>Change the contact phone</source>
        <translation>Сменить контактный телефон</translation>
    </message>
    <message>
        <location filename="../../ui/contact_change.py" line="112"/>
        <source>Change the e-mail</source>
        <translation>Сменить адрес почты</translation>
    </message>
</context>
<context>
    <name>Crash</name>
    <message>
        <location filename="../../ui/crash_dialog.py" line="21"/>
        <source>Unexpected error</source>
        <translation>Непредвиденная ошибка</translation>
    </message>
    <message>
        <location filename="../../ui/crash_dialog.py" line="22"/>
        <source>Something went wrong inside the desk. What you typed is kept; if a window stops responding, restart the desk. A report for your administrator was saved here:
%1</source>
        <translation>В программе произошёл сбой. Введённые данные сохранены; если окно перестанет отвечать, перезапустите программу. Отчёт для администратора сохранён здесь:
%1</translation>
    </message>
</context>
<context>
    <name>DeskStatusBar</name>
    <message>
        <location filename="../../ui/status_bar.py" line="96"/>
        <source>Portal requests: %1</source>
        <translation>Запросы с портала: %1</translation>
    </message>
    <message>
        <location filename="../../ui/status_bar.py" line="98"/>
        <source>Requests from the portal offered to you: see the Portal requests tab</source>
        <translation>Запросы с портала, предложенные вам: они на вкладке «Запросы с портала»</translation>
    </message>
    <message>
        <location filename="../../ui/status_bar.py" line="121"/>
        <source>MSK %1 · local %2</source>
        <translation>МСК %1 · местное %2</translation>
    </message>
    <message>
        <location filename="../../ui/status_bar.py" line="125"/>
        <source>Status:</source>
        <translation>Статус:</translation>
    </message>
    <message>
        <location filename="../../ui/status_bar.py" line="129"/>
        <source>Whether you take calls from the queue now</source>
        <translation>Принимаете ли вы сейчас звонки из очереди</translation>
    </message>
    <message>
        <location filename="../../ui/status_bar.py" line="132"/>
        <source>Line hours and reports are kept in Moscow time</source>
        <translation>Часы работы линий и отчёты ведутся по московскому времени</translation>
    </message>
</context>
<context>
    <name>EscalationDialog</name>
    <message>
        <location filename="../../ui/escalation_dialog.py" line="33"/>
        <source>Escalate the ticket</source>
        <translation>Передать обращение в отдел</translation>
    </message>
    <message>
        <location filename="../../ui/escalation_dialog.py" line="44"/>
        <source>Why the line cannot solve it, and what has been tried</source>
        <translation>Почему линия не может решить вопрос и что уже сделано</translation>
    </message>
    <message>
        <location filename="../../ui/escalation_dialog.py" line="50"/>
        <source>Escalate</source>
        <translation>Передать</translation>
    </message>
    <message>
        <location filename="../../ui/escalation_dialog.py" line="56"/>
        <source>Department</source>
        <translation>Отдел</translation>
    </message>
    <message>
        <location filename="../../ui/escalation_dialog.py" line="57"/>
        <source>Reason</source>
        <translation>Причина</translation>
    </message>
</context>
<context>
    <name>FormFields</name>
    <message>
        <location filename="../../ui/ticket_fields.py" line="91"/>
        <source>Yes</source>
        <translation>Да</translation>
    </message>
    <message>
        <location filename="../../ui/ticket_fields.py" line="92"/>
        <source>No</source>
        <translation>Нет</translation>
    </message>
</context>
<context>
    <name>HeadsetButtons</name>
    <message>
        <location filename="../../ui/headset_buttons.py" line="102"/>
        <source>Headset buttons work: %1</source>
        <translation>Кнопки гарнитуры работают: %1</translation>
    </message>
    <message>
        <location filename="../../ui/headset_buttons.py" line="103"/>
        <source>The headset %1 was disconnected.</source>
        <translation>Гарнитура %1 отключена.</translation>
    </message>
    <message>
        <location filename="../../ui/headset_buttons.py" line="105"/>
        <source>The headset&apos;s buttons cannot be used: the system does not let the desk open the device. Ask your administrator to install the desk&apos;s udev rule.</source>
        <translation>Кнопки гарнитуры недоступны: система не разрешает программе открыть устройство. Попросите администратора установить правило udev для программы.</translation>
    </message>
    <message>
        <location filename="../../ui/headset_buttons.py" line="109"/>
        <source>The headset %1 is busy or refused to open; its buttons do not work now.</source>
        <translation>Гарнитура %1 занята или не открывается; её кнопки сейчас не работают.</translation>
    </message>
</context>
<context>
    <name>HotkeyPage</name>
    <message>
        <location filename="../../ui/hotkey_settings.py" line="80"/>
        <source>Answer</source>
        <translation>Ответить</translation>
    </message>
    <message>
        <location filename="../../ui/hotkey_settings.py" line="81"/>
        <source>Hang up</source>
        <translation>Завершить</translation>
    </message>
    <message>
        <location filename="../../ui/hotkey_settings.py" line="82"/>
        <source>Hold / resume</source>
        <translation>Удержание / возврат</translation>
    </message>
    <message>
        <location filename="../../ui/hotkey_settings.py" line="83"/>
        <source>Mute / unmute</source>
        <translation>Выключить / включить микрофон</translation>
    </message>
    <message>
        <location filename="../../ui/hotkey_settings.py" line="84"/>
        <source>Ready / Not ready</source>
        <translation>Готов / Не готов</translation>
    </message>
    <message>
        <location filename="../../ui/hotkey_settings.py" line="85"/>
        <source>Answer or hang up</source>
        <translation>Ответить или завершить</translation>
    </message>
    <message>
        <location filename="../../ui/hotkey_settings.py" line="90"/>
        <source>nothing entered</source>
        <translation>ничего не введено</translation>
    </message>
    <message>
        <location filename="../../ui/hotkey_settings.py" line="91"/>
        <source>no key is called “%1”</source>
        <translation>нет клавиши с именем «%1»</translation>
    </message>
    <message>
        <location filename="../../ui/hotkey_settings.py" line="92"/>
        <source>only modifiers: add a key, e.g. Ctrl+Shift+F9</source>
        <translation>только модификаторы: добавьте клавишу, например Ctrl+Shift+F9</translation>
    </message>
    <message>
        <location filename="../../ui/hotkey_settings.py" line="93"/>
        <source>one key with modifiers, not two keys</source>
        <translation>нужна одна клавиша с модификаторами, а не две клавиши</translation>
    </message>
    <message>
        <location filename="../../ui/hotkey_settings.py" line="94"/>
        <source>“%1” is there twice</source>
        <translation>«%1» указан дважды</translation>
    </message>
    <message>
        <location filename="../../ui/hotkey_settings.py" line="96"/>
        <source>it would take a key away from typing: add Ctrl or Alt</source>
        <translation>эта клавиша нужна для набора текста: добавьте Ctrl или Alt</translation>
    </message>
    <message>
        <location filename="../../ui/hotkey_settings.py" line="98"/>
        <source>the same combination as “%2”</source>
        <translation>то же сочетание, что у «%2»</translation>
    </message>
    <message>
        <location filename="../../ui/hotkey_settings.py" line="105"/>
        <source>works everywhere</source>
        <translation>работает в любом окне</translation>
    </message>
    <message>
        <location filename="../../ui/hotkey_settings.py" line="106"/>
        <source>taken by another program: choose another</source>
        <translation>занято другой программой: выберите другое</translation>
    </message>
    <message>
        <location filename="../../ui/hotkey_settings.py" line="107"/>
        <source>this keyboard has no such key</source>
        <translation>на этой клавиатуре нет такой клавиши</translation>
    </message>
    <message>
        <location filename="../../ui/hotkey_settings.py" line="108"/>
        <source>the system refused it</source>
        <translation>система не разрешила это сочетание</translation>
    </message>
    <message>
        <location filename="../../ui/hotkey_settings.py" line="129"/>
        <source>Global hotkeys (work while another program has the focus)</source>
        <translation>Глобальные горячие клавиши (работают, когда активна другая программа)</translation>
    </message>
    <message>
        <location filename="../../ui/hotkey_settings.py" line="135"/>
        <source>This desktop session uses Wayland, which does not let programs react to keys pressed in other windows. Global hotkeys work in an X11 session; the desk&apos;s own shortcuts work while its window has the focus.</source>
        <translation>В этом сеансе используется Wayland: он не позволяет программам реагировать на клавиши, нажатые в других окнах. Глобальные горячие клавиши работают в сеансе X11; собственные сочетания клавиш работают, пока окно программы активно.</translation>
    </message>
    <message>
        <location filename="../../ui/hotkey_settings.py" line="140"/>
        <source>No X11 display was found, so global hotkeys cannot be set up here.</source>
        <translation>Дисплей X11 не найден, поэтому глобальные горячие клавиши здесь настроить нельзя.</translation>
    </message>
    <message>
        <location filename="../../ui/hotkey_settings.py" line="143"/>
        <source>Global hotkeys are available on Windows and on Linux with X11.</source>
        <translation>Глобальные горячие клавиши доступны в Windows и в Linux с X11.</translation>
    </message>
</context>
<context>
    <name>InboxView</name>
    <message>
        <location filename="../../ui/inbox.py" line="169"/>
        <source>You are not ready: no new requests are offered. Press F5 to be Ready.</source>
        <translation>Вы не готовы, поэтому новые запросы не предлагаются. Нажмите F5, чтобы стать готовым.</translation>
    </message>
    <message>
        <location filename="../../ui/inbox.py" line="172"/>
        <source>Nobody is signed in at this desk to take requests.</source>
        <translation>На этой станции не выбран оператор, который мог бы брать запросы.</translation>
    </message>
    <message>
        <location filename="../../ui/inbox.py" line="174"/>
        <source>Requests on your topics and languages, oldest first.</source>
        <translation>Запросы по вашим темам и на ваших языках, самые давние сверху.</translation>
    </message>
    <message>
        <location filename="../../ui/inbox.py" line="186"/>
        <source>The requests cannot be read now (%1). Trying again shortly.</source>
        <translation>Запросы сейчас не читаются (%1). Скоро попробуем снова.</translation>
    </message>
    <message>
        <location filename="../../ui/inbox.py" line="291"/>
        <source>Taken. Ticket %1; files kept: %2.</source>
        <translation>Запрос ваш. Обращение %1; файлов сохранено: %2.</translation>
    </message>
    <message>
        <location filename="../../ui/inbox.py" line="295"/>
        <source>Not kept: %1.</source>
        <translation>Не сохранены: %1.</translation>
    </message>
    <message>
        <location filename="../../ui/inbox.py" line="304"/>
        <source>Another operator has already taken this request.</source>
        <translation>Этот запрос уже взял другой оператор.</translation>
    </message>
    <message>
        <location filename="../../ui/inbox.py" line="320"/>
        <source>Calling %1…</source>
        <translation>Звоним на %1…</translation>
    </message>
    <message>
        <location filename="../../ui/inbox.py" line="340"/>
        <source>The call-back took place; the attempt is recorded.</source>
        <translation>Разговор состоялся, звонок записан.</translation>
    </message>
    <message>
        <location filename="../../ui/inbox.py" line="343"/>
        <source>No answer. Attempt %1 recorded; the next is due %2 MSK.</source>
        <translation>Не ответили. Попытка %1 записана, следующая — %2 МСК.</translation>
    </message>
    <message>
        <location filename="../../ui/inbox.py" line="349"/>
        <source>No answer. Attempt %1 recorded; that was the last one.</source>
        <translation>Не ответили. Попытка %1 записана, она была последней.</translation>
    </message>
    <message>
        <location filename="../../ui/inbox.py" line="373"/>
        <source>Offered to you</source>
        <translation>Предложены вам</translation>
    </message>
    <message>
        <location filename="../../ui/inbox.py" line="374"/>
        <source>Yours</source>
        <translation>Взяты вами</translation>
    </message>
    <message>
        <location filename="../../ui/inbox.py" line="377"/>
        <location filename="../../ui/inbox.py" line="385"/>
        <source>Number</source>
        <translation>Номер</translation>
    </message>
    <message>
        <location filename="../../ui/inbox.py" line="380"/>
        <location filename="../../ui/inbox.py" line="389"/>
        <source>Topic</source>
        <translation>Тема</translation>
    </message>
    <message>
        <location filename="../../ui/inbox.py" line="378"/>
        <source>Waiting</source>
        <translation>Ждёт</translation>
    </message>
    <message>
        <location filename="../../ui/inbox.py" line="379"/>
        <location filename="../../ui/inbox.py" line="388"/>
        <source>Call back by (MSK)</source>
        <translation>Перезвонить до (МСК)</translation>
    </message>
    <message>
        <location filename="../../ui/inbox.py" line="386"/>
        <source>Attempts</source>
        <translation>Попытки</translation>
    </message>
    <message>
        <location filename="../../ui/inbox.py" line="387"/>
        <source>Next (MSK)</source>
        <translation>Следующая (МСК)</translation>
    </message>
</context>
<context>
    <name>Keypad</name>
    <message>
        <location filename="../../ui/keypad.py" line="48"/>
        <source>Keypad</source>
        <translation>Клавиатура</translation>
    </message>
    <message>
        <location filename="../../ui/keypad.py" line="49"/>
        <source>Tones sent in this call</source>
        <translation>Тоны, отправленные в этом звонке</translation>
    </message>
</context>
<context>
    <name>KnowledgePane</name>
    <message>
        <location filename="../../ui/kb_pane.py" line="230"/>
        <source>suggested for this ticket</source>
        <translation>подходит к этому обращению</translation>
    </message>
    <message>
        <location filename="../../ui/kb_pane.py" line="232"/>
        <source>Type a few words of the caller&apos;s question: articles follow your typing.</source>
        <translation>Введите несколько слов из вопроса звонящего: статьи появляются по мере набора.</translation>
    </message>
    <message>
        <location filename="../../ui/kb_pane.py" line="238"/>
        <source>Showing results for: %1</source>
        <translation>Показаны результаты для: %1</translation>
    </message>
    <message>
        <location filename="../../ui/kb_pane.py" line="242"/>
        <source>Nothing found: try other words.</source>
        <translation>Ничего не найдено: попробуйте другие слова.</translation>
    </message>
    <message>
        <location filename="../../ui/kb_pane.py" line="302"/>
        <source>The knowledge base is empty: ask an administrator to import articles.</source>
        <translation>База знаний пуста: попросите администратора загрузить статьи.</translation>
    </message>
    <message>
        <location filename="../../ui/kb_pane.py" line="383"/>
        <source>★ Favourite</source>
        <translation>★ В избранном</translation>
    </message>
    <message>
        <location filename="../../ui/kb_pane.py" line="383"/>
        <source>☆ Favourite</source>
        <translation>☆ В избранное</translation>
    </message>
    <message>
        <location filename="../../ui/kb_pane.py" line="396"/>
        <source>open</source>
        <translation>открыта</translation>
    </message>
    <message>
        <location filename="../../ui/kb_pane.py" line="396"/>
        <source>closed</source>
        <translation>закрыта</translation>
    </message>
    <message>
        <location filename="../../ui/kb_pane.py" line="399"/>
        <source>%1, %2: %3 MSK, %4</source>
        <translation>%1, %2: %3 МСК, %4</translation>
    </message>
    <message>
        <location filename="../../ui/kb_pane.py" line="405"/>
        <source>No lines configured</source>
        <translation>Линии не настроены</translation>
    </message>
    <message>
        <location filename="../../ui/kb_pane.py" line="408"/>
        <source>Knowledge base</source>
        <translation>База знаний</translation>
    </message>
    <message>
        <location filename="../../ui/kb_pane.py" line="409"/>
        <source>Search articles (Ctrl+K)</source>
        <translation>Поиск статей (Ctrl+K)</translation>
    </message>
    <message>
        <location filename="../../ui/kb_pane.py" line="410"/>
        <source>Results</source>
        <translation>Найдено</translation>
    </message>
    <message>
        <location filename="../../ui/kb_pane.py" line="411"/>
        <source>Favourites</source>
        <translation>Избранное</translation>
    </message>
    <message>
        <location filename="../../ui/kb_pane.py" line="412"/>
        <source>Scripts</source>
        <translation>Скрипты</translation>
    </message>
    <message>
        <location filename="../../ui/kb_pane.py" line="413"/>
        <source>Drafts</source>
        <translation>Черновики</translation>
    </message>
    <message>
        <location filename="../../ui/kb_pane.py" line="414"/>
        <source>← Back (Esc)</source>
        <translation>← Назад (Esc)</translation>
    </message>
    <message>
        <location filename="../../ui/kb_pane.py" line="415"/>
        <source>Insert into the ticket</source>
        <translation>Указать в обращении</translation>
    </message>
    <message>
        <location filename="../../ui/kb_pane.py" line="416"/>
        <source>Edit…</source>
        <translation>Изменить…</translation>
    </message>
    <message>
        <location filename="../../ui/kb_pane.py" line="417"/>
        <source>Language of the articles</source>
        <translation>Язык статей</translation>
    </message>
    <message>
        <location filename="../../ui/kb_pane.py" line="418"/>
        <source>Line hours</source>
        <translation>Часы работы линий</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../ui/main_window.py" line="291"/>
        <source>No ticket was opened for that call.</source>
        <translation>По этому звонку обращение не открывалось.</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="342"/>
        <source>Database error</source>
        <translation>Ошибка базы данных</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="344"/>
        <source>The change could not be saved to the local database. Your work on screen is kept; try again, and tell your administrator if it repeats.</source>
        <translation>Не удалось сохранить изменение в локальной базе данных. Данные на экране не потеряны; повторите попытку, а если ошибка повторится, сообщите администратору.</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="374"/>
        <source>Passwords</source>
        <translation>Пароли</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="382"/>
        <source>The new SIP settings take effect when the call ends.</source>
        <translation>Новые настройки SIP вступят в силу после окончания звонка.</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="395"/>
        <source>SIP password</source>
        <translation>Пароль SIP</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="402"/>
        <source>Central database password</source>
        <translation>Пароль центральной базы данных</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="412"/>
        <source>No system keyring was found, so the password for %1 cannot be remembered. Enter it for this session; it is kept only until the desk is closed.</source>
        <translation>Системное хранилище паролей не найдено, поэтому пароль для %1 нельзя запомнить. Введите его на эту смену: он хранится только до закрытия программы.</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="464"/>
        <source>About %1</source>
        <translation>О программе %1</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="465"/>
        <source>%1 %2: the operator desk of the portal support hotline.</source>
        <translation>%1 %2: рабочее место оператора горячей линии поддержки портала.</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="472"/>
        <source>Hotline Desk — operator</source>
        <translation>Hotline Desk — оператор</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="475"/>
        <source>Ready</source>
        <translation>Готов</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="476"/>
        <source>Not ready</source>
        <translation>Не готов</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="477"/>
        <source>After-call work</source>
        <translation>Постобработка</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="478"/>
        <source>Search the knowledge base</source>
        <translation>Искать в базе знаний</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="479"/>
        <source>Settings…</source>
        <translation>Настройки…</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="480"/>
        <source>New knowledge-base article…</source>
        <translation>Новая статья базы знаний…</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="481"/>
        <source>Reports and wallboard…</source>
        <translation>Отчёты и табло…</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="482"/>
        <source>Operators&apos; skills…</source>
        <translation>Навыки операторов…</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="483"/>
        <source>Quit</source>
        <translation>Выход</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="484"/>
        <source>About</source>
        <translation>О программе</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="487"/>
        <source>Sync now</source>
        <translation>Синхронизировать сейчас</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="492"/>
        <source>Verification</source>
        <translation>Проверка</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="493"/>
        <source>Ticket</source>
        <translation>Обращение</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="494"/>
        <source>History</source>
        <translation>История</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="495"/>
        <source>Application</source>
        <translation>Заявка</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="496"/>
        <source>Portal requests</source>
        <translation>Запросы с портала</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="501"/>
        <source>&amp;Desk</source>
        <translation>&amp;Программа</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="502"/>
        <source>&amp;Call</source>
        <translation>&amp;Звонок</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="503"/>
        <source>&amp;Status</source>
        <translation>&amp;Статус</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="504"/>
        <source>&amp;View</source>
        <translation>&amp;Вид</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="505"/>
        <source>&amp;Help</source>
        <translation>Спр&amp;авка</translation>
    </message>
</context>
<context>
    <name>MfcOfficesView</name>
    <message>
        <location filename="../../ui/mfc_offices.py" line="131"/>
        <source>All services</source>
        <translation>Все услуги</translation>
    </message>
    <message>
        <location filename="../../ui/mfc_offices.py" line="151"/>
        <source>Open now</source>
        <translation>Открыт сейчас</translation>
    </message>
    <message>
        <location filename="../../ui/mfc_offices.py" line="151"/>
        <source>Closed now</source>
        <translation>Закрыт сейчас</translation>
    </message>
    <message>
        <location filename="../../ui/mfc_offices.py" line="161"/>
        <source>Services: %1</source>
        <translation>Услуги: %1</translation>
    </message>
    <message>
        <location filename="../../ui/mfc_offices.py" line="166"/>
        <source>Last published at %1 MSK</source>
        <translation>Последние данные: %1 МСК</translation>
    </message>
    <message>
        <location filename="../../ui/mfc_offices.py" line="178"/>
        <source>No office gives this service.</source>
        <translation>Ни один МФЦ не оказывает эту услугу.</translation>
    </message>
    <message>
        <location filename="../../ui/mfc_offices.py" line="180"/>
        <source>No offices are known.</source>
        <translation>Сведений о МФЦ нет.</translation>
    </message>
    <message>
        <location filename="../../ui/mfc_offices.py" line="185"/>
        <source>Mon</source>
        <translation>пн</translation>
    </message>
    <message>
        <location filename="../../ui/mfc_offices.py" line="186"/>
        <source>Tue</source>
        <translation>вт</translation>
    </message>
    <message>
        <location filename="../../ui/mfc_offices.py" line="187"/>
        <source>Wed</source>
        <translation>ср</translation>
    </message>
    <message>
        <location filename="../../ui/mfc_offices.py" line="188"/>
        <source>Thu</source>
        <translation>чт</translation>
    </message>
    <message>
        <location filename="../../ui/mfc_offices.py" line="189"/>
        <source>Fri</source>
        <translation>пт</translation>
    </message>
    <message>
        <location filename="../../ui/mfc_offices.py" line="190"/>
        <source>Sat</source>
        <translation>сб</translation>
    </message>
    <message>
        <location filename="../../ui/mfc_offices.py" line="191"/>
        <source>Sun</source>
        <translation>вс</translation>
    </message>
    <message>
        <location filename="../../ui/mfc_offices.py" line="198"/>
        <source>daily</source>
        <translation>ежедневно</translation>
    </message>
    <message>
        <location filename="../../ui/mfc_offices.py" line="200"/>
        <source>no working days</source>
        <translation>нет рабочих дней</translation>
    </message>
    <message>
        <location filename="../../ui/mfc_offices.py" line="219"/>
        <source>hours not known</source>
        <translation>часы работы неизвестны</translation>
    </message>
    <message>
        <location filename="../../ui/mfc_offices.py" line="221"/>
        <source>round the clock</source>
        <translation>круглосуточно</translation>
    </message>
    <message>
        <location filename="../../ui/mfc_offices.py" line="229"/>
        <source>no data</source>
        <translation>нет данных</translation>
    </message>
    <message>
        <location filename="../../ui/mfc_offices.py" line="232"/>
        <source>%1 waiting</source>
        <translation>%1 чел.</translation>
    </message>
    <message>
        <location filename="../../ui/mfc_offices.py" line="234"/>
        <source>~%1 min</source>
        <translation>~%1 мин</translation>
    </message>
    <message>
        <location filename="../../ui/mfc_offices.py" line="236"/>
        <source>as of %1 MSK</source>
        <translation>данные на %1 МСК</translation>
    </message>
    <message>
        <location filename="../../ui/mfc_offices.py" line="239"/>
        <source>&amp;Service:</source>
        <translation>&amp;Услуга:</translation>
    </message>
    <message>
        <location filename="../../ui/mfc_offices.py" line="242"/>
        <source>Office</source>
        <translation>МФЦ</translation>
    </message>
    <message>
        <location filename="../../ui/mfc_offices.py" line="243"/>
        <source>Address</source>
        <translation>Адрес</translation>
    </message>
    <message>
        <location filename="../../ui/mfc_offices.py" line="244"/>
        <source>Hours (MSK)</source>
        <translation>Часы работы (МСК)</translation>
    </message>
    <message>
        <location filename="../../ui/mfc_offices.py" line="245"/>
        <source>Now</source>
        <translation>Сейчас</translation>
    </message>
    <message>
        <location filename="../../ui/mfc_offices.py" line="246"/>
        <source>Queue</source>
        <translation>Очередь</translation>
    </message>
    <message>
        <location filename="../../ui/mfc_offices.py" line="251"/>
        <source>Queue figures come from the offices&apos; queue systems; over two hours old: no data.</source>
        <translation>Данные об очереди — из систем электронной очереди МФЦ; старше двух часов: нет данных.</translation>
    </message>
</context>
<context>
    <name>PhoneCheck</name>
    <message>
        <location filename="../../ui/phone_check.py" line="71"/>
        <source>That is not a phone number: +7 and ten digits.</source>
        <extracomment>Where the check reports: (text, whether it is bad news).</extracomment>
        <translation>Это не номер телефона: нужно +7 и десять цифр.</translation>
    </message>
    <message>
        <location filename="../../ui/phone_check.py" line="74"/>
        <source>Sending…</source>
        <translation>Отправка…</translation>
    </message>
    <message>
        <location filename="../../ui/phone_check.py" line="80"/>
        <source>A code went to the new number: ask the caller to read it.</source>
        <translation>Код отправлен на новый номер: попросите звонящего его продиктовать.</translation>
    </message>
    <message>
        <location filename="../../ui/phone_check.py" line="86"/>
        <source>A new code can be sent in %1 s.</source>
        <translation>Новый код можно отправить через %1 с.</translation>
    </message>
    <message>
        <location filename="../../ui/phone_check.py" line="93"/>
        <source>The code could not be sent.</source>
        <translation>Код не удалось отправить.</translation>
    </message>
    <message>
        <location filename="../../ui/phone_check.py" line="106"/>
        <source>New phone:</source>
        <translation>Новый телефон:</translation>
    </message>
    <message>
        <location filename="../../ui/phone_check.py" line="107"/>
        <source>Code from it:</source>
        <translation>Код с него:</translation>
    </message>
    <message>
        <location filename="../../ui/phone_check.py" line="108"/>
        <source>Send a code to the new number</source>
        <translation>Отправить код на новый номер</translation>
    </message>
</context>
<context>
    <name>PortalDesk</name>
    <message>
        <location filename="../../ui/portal_desk.py" line="58"/>
        <source>Call</source>
        <translation>Звонок</translation>
    </message>
    <message>
        <location filename="../../ui/portal_desk.py" line="59"/>
        <source>The demo citizen could not be started: %1</source>
        <translation>Демонстрационный гражданин не запустился: %1</translation>
    </message>
    <message>
        <location filename="../../ui/portal_desk.py" line="63"/>
        <source>No PBX is set up: the call-back goes to the demo citizen.</source>
        <translation>АТС не настроена: звоним демонстрационному гражданину.</translation>
    </message>
</context>
<context>
    <name>QualityBadge</name>
    <message>
        <location filename="../../ui/quality_badge.py" line="53"/>
        <source>good</source>
        <translation>хороший</translation>
    </message>
    <message>
        <location filename="../../ui/quality_badge.py" line="53"/>
        <source>fair</source>
        <translation>средний</translation>
    </message>
    <message>
        <location filename="../../ui/quality_badge.py" line="53"/>
        <source>poor</source>
        <translation>плохой</translation>
    </message>
    <message>
        <location filename="../../ui/quality_badge.py" line="54"/>
        <source>● Sound: %1</source>
        <translation>● Звук: %1</translation>
    </message>
    <message>
        <location filename="../../ui/quality_badge.py" line="59"/>
        <source>MOS %1 (lowest in this call %2) · loss %3 % · jitter %4 ms · round trip %5 ms · %6</source>
        <translation>MOS %1 (худший за разговор %2) · потери %3 % · джиттер %4 мс · задержка туда-обратно %5 мс · %6</translation>
    </message>
</context>
<context>
    <name>ReportTable</name>
    <message>
        <location filename="../../ui/reports_view.py" line="98"/>
        <source>CSV…</source>
        <translation>CSV…</translation>
    </message>
</context>
<context>
    <name>Reports</name>
    <message>
        <location filename="../../ui/report_pdf.py" line="85"/>
        <source>Hotline report</source>
        <translation>Отчёт горячей линии</translation>
    </message>
    <message>
        <location filename="../../ui/report_pdf.py" line="147"/>
        <source>line</source>
        <translation>линия</translation>
    </message>
    <message>
        <location filename="../../ui/report_pdf.py" line="148"/>
        <source>operator</source>
        <translation>оператор</translation>
    </message>
    <message>
        <location filename="../../ui/report_pdf.py" line="149"/>
        <source>department</source>
        <translation>отдел</translation>
    </message>
    <message>
        <location filename="../../ui/report_pdf.py" line="150"/>
        <source>category</source>
        <translation>категория</translation>
    </message>
    <message>
        <location filename="../../ui/report_pdf.py" line="155"/>
        <source>language</source>
        <translation>язык</translation>
    </message>
    <message>
        <location filename="../../ui/report_pdf.py" line="157"/>
        <source>Filters: none (every line, language and operator)</source>
        <translation>Фильтры: нет (все линии, языки и операторы)</translation>
    </message>
    <message>
        <location filename="../../ui/report_pdf.py" line="158"/>
        <source>Filters: %1</source>
        <translation>Фильтры: %1</translation>
    </message>
    <message>
        <location filename="../../ui/report_pdf.py" line="166"/>
        <source>Period: %1 – %2</source>
        <translation>Период: %1 – %2</translation>
    </message>
    <message>
        <location filename="../../ui/report_pdf.py" line="167"/>
        <source>Made on %1 at %2, Moscow time</source>
        <translation>Составлен %1 в %2 по московскому времени</translation>
    </message>
    <message>
        <location filename="../../ui/report_pdf.py" line="170"/>
        <source>Service level counts calls answered within %1 s; callers who gave up within %2 s are not counted as abandoned.</source>
        <translation>Уровень обслуживания — доля звонков, принятых за %1 с; кто положил трубку быстрее чем за %2 с, не считается потерянным.</translation>
    </message>
    <message>
        <location filename="../../ui/report_pdf.py" line="179"/>
        <source>▲ ▼ the change against %1 – %2: green for the better, red for the worse.</source>
        <translation>▲ ▼ изменение к периоду %1 – %2: зелёным — к лучшему, красным — к худшему.</translation>
    </message>
    <message>
        <location filename="../../ui/report_pdf.py" line="296"/>
        <source>Day</source>
        <translation>День</translation>
    </message>
    <message>
        <location filename="../../ui/report_pdf.py" line="294"/>
        <source>Week of</source>
        <translation>Неделя с</translation>
    </message>
    <message>
        <location filename="../../ui/report_pdf.py" line="295"/>
        <source>Month</source>
        <translation>Месяц</translation>
    </message>
    <message>
        <location filename="../../ui/report_pdf.py" line="298"/>
        <source>Operator</source>
        <translation>Оператор</translation>
    </message>
    <message>
        <location filename="../../ui/report_pdf.py" line="299"/>
        <source>Line</source>
        <translation>Линия</translation>
    </message>
    <message>
        <location filename="../../ui/report_pdf.py" line="300"/>
        <source>Language</source>
        <translation>Язык</translation>
    </message>
    <message>
        <location filename="../../ui/report_pdf.py" line="301"/>
        <source>Department</source>
        <translation>Отдел</translation>
    </message>
    <message>
        <location filename="../../ui/report_pdf.py" line="369"/>
        <source>Nothing in this period.</source>
        <translation>За этот период ничего нет.</translation>
    </message>
    <message>
        <location filename="../../ui/report_pdf.py" line="402"/>
        <source>%1 (continued)</source>
        <translation>%1 (продолжение)</translation>
    </message>
    <message>
        <location filename="../../ui/report_pdf.py" line="436"/>
        <source>Page %1 of %2</source>
        <translation>Страница %1 из %2</translation>
    </message>
    <message>
        <location filename="../../ui/report_charts.py" line="77"/>
        <source>Calls and service level by hour (Moscow)</source>
        <extracomment>More columns than this and their labels stand on end: they do not fit side by side.</extracomment>
        <translation>Звонки и уровень обслуживания по часам (МСК)</translation>
    </message>
    <message>
        <location filename="../../ui/report_charts.py" line="82"/>
        <source>Offered</source>
        <translation>Поступило</translation>
    </message>
    <message>
        <location filename="../../ui/report_charts.py" line="83"/>
        <location filename="../../ui/report_charts.py" line="120"/>
        <location filename="../../ui/report_texts.py" line="17"/>
        <source>Answered</source>
        <translation>Отвечено</translation>
    </message>
    <message>
        <location filename="../../ui/report_charts.py" line="86"/>
        <source>Service level, %</source>
        <translation>Уровень обслуживания, %</translation>
    </message>
    <message>
        <location filename="../../ui/report_charts.py" line="118"/>
        <location filename="../../ui/report_texts.py" line="45"/>
        <source>Calls over time</source>
        <translation>Звонки по времени</translation>
    </message>
    <message>
        <location filename="../../ui/report_charts.py" line="121"/>
        <location filename="../../ui/report_texts.py" line="18"/>
        <source>Abandoned</source>
        <translation>Потеряно</translation>
    </message>
    <message>
        <location filename="../../ui/report_charts.py" line="142"/>
        <source>Portal failures by category, by week</source>
        <translation>Сбои портала по категориям и неделям</translation>
    </message>
    <message>
        <location filename="../../ui/report_charts.py" line="149"/>
        <source>No category</source>
        <translation>Без категории</translation>
    </message>
    <message>
        <location filename="../../ui/report_charts.py" line="166"/>
        <source>Rising failures (against the period before)</source>
        <translation>Растущие сбои (к предыдущему периоду)</translation>
    </message>
    <message>
        <location filename="../../ui/report_charts.py" line="168"/>
        <source>More tickets than before</source>
        <translation>Обращений больше, чем раньше</translation>
    </message>
    <message>
        <location filename="../../ui/report_texts.py" line="15"/>
        <source>Row</source>
        <translation>Строка</translation>
    </message>
    <message>
        <location filename="../../ui/report_texts.py" line="16"/>
        <source>Calls offered</source>
        <translation>Звонков поступило</translation>
    </message>
    <message>
        <location filename="../../ui/report_texts.py" line="19"/>
        <source>Missed</source>
        <translation>Пропущено</translation>
    </message>
    <message>
        <location filename="../../ui/report_texts.py" line="20"/>
        <source>Service level</source>
        <translation>Уровень обслуживания</translation>
    </message>
    <message>
        <location filename="../../ui/report_texts.py" line="21"/>
        <source>Average speed of answer</source>
        <translation>Среднее время ответа</translation>
    </message>
    <message>
        <location filename="../../ui/report_texts.py" line="22"/>
        <source>Average handle time</source>
        <translation>Среднее время обработки</translation>
    </message>
    <message>
        <location filename="../../ui/report_texts.py" line="23"/>
        <source>Abandonment rate</source>
        <translation>Доля потерянных</translation>
    </message>
    <message>
        <location filename="../../ui/report_texts.py" line="24"/>
        <source>Occupancy</source>
        <translation>Занятость</translation>
    </message>
    <message>
        <location filename="../../ui/report_texts.py" line="25"/>
        <source>Call-backs</source>
        <translation>Обратные звонки</translation>
    </message>
    <message>
        <location filename="../../ui/report_texts.py" line="26"/>
        <source>Tickets</source>
        <translation>Обращения</translation>
    </message>
    <message>
        <location filename="../../ui/report_texts.py" line="27"/>
        <source>Closed</source>
        <translation>Закрыто</translation>
    </message>
    <message>
        <location filename="../../ui/report_texts.py" line="28"/>
        <source>Close rate</source>
        <translation>Доля закрытых</translation>
    </message>
    <message>
        <location filename="../../ui/report_texts.py" line="29"/>
        <source>Reopen rate</source>
        <translation>Доля переоткрытых</translation>
    </message>
    <message>
        <location filename="../../ui/report_texts.py" line="30"/>
        <location filename="../../ui/report_texts.py" line="33"/>
        <source>First-contact resolution</source>
        <translation>Решено с первого обращения</translation>
    </message>
    <message>
        <location filename="../../ui/report_texts.py" line="34"/>
        <source>Overdue tickets</source>
        <translation>Просроченные обращения</translation>
    </message>
    <message>
        <location filename="../../ui/report_texts.py" line="35"/>
        <source>Category</source>
        <translation>Категория</translation>
    </message>
    <message>
        <location filename="../../ui/report_texts.py" line="36"/>
        <source>Subcategory</source>
        <translation>Подкатегория</translation>
    </message>
    <message>
        <location filename="../../ui/report_texts.py" line="37"/>
        <source>Error</source>
        <translation>Ошибка</translation>
    </message>
    <message>
        <location filename="../../ui/report_texts.py" line="38"/>
        <source>Calls</source>
        <translation>Звонки</translation>
    </message>
    <message>
        <location filename="../../ui/report_texts.py" line="39"/>
        <source>Hours to resolve</source>
        <translation>Часов до решения</translation>
    </message>
    <message>
        <location filename="../../ui/report_texts.py" line="46"/>
        <source>By operator</source>
        <translation>По операторам</translation>
    </message>
    <message>
        <location filename="../../ui/report_texts.py" line="47"/>
        <source>By line</source>
        <translation>По линиям</translation>
    </message>
    <message>
        <location filename="../../ui/report_texts.py" line="48"/>
        <source>By caller&apos;s language</source>
        <translation>По языку звонящего</translation>
    </message>
    <message>
        <location filename="../../ui/report_texts.py" line="49"/>
        <source>Tickets by department</source>
        <translation>Обращения по отделам</translation>
    </message>
    <message>
        <location filename="../../ui/report_texts.py" line="50"/>
        <source>Portal failures</source>
        <translation>Сбои портала</translation>
    </message>
    <message>
        <location filename="../../ui/report_texts.py" line="73"/>
        <source>%1 pp</source>
        <translation>%1 п. п.</translation>
    </message>
</context>
<context>
    <name>ReportsView</name>
    <message>
        <location filename="../../ui/reports_view.py" line="247"/>
        <source>Counting…</source>
        <translation>Подсчёт…</translation>
    </message>
    <message>
        <location filename="../../ui/reports_view.py" line="257"/>
        <source>The database does not answer; the figures are not shown. %1</source>
        <translation>База данных не отвечает, показатели не выведены. %1</translation>
    </message>
    <message>
        <location filename="../../ui/reports_view.py" line="269"/>
        <source>%1 – %2, made at %3 (Moscow time)</source>
        <translation>%1 – %2, составлен в %3 (МСК)</translation>
    </message>
    <message>
        <location filename="../../ui/reports_view.py" line="308"/>
        <source>Tickets of «%1» in the week of %2:</source>
        <translation>Обращения «%1» за неделю с %2:</translation>
    </message>
    <message>
        <location filename="../../ui/reports_view.py" line="331"/>
        <source>Save the table</source>
        <translation>Сохранить таблицу</translation>
    </message>
    <message>
        <location filename="../../ui/reports_view.py" line="338"/>
        <location filename="../../ui/reports_view.py" line="353"/>
        <source>Not saved: %1</source>
        <translation>Не сохранено: %1</translation>
    </message>
    <message>
        <location filename="../../ui/reports_view.py" line="340"/>
        <source>Saved: %1</source>
        <translation>Сохранено: %1</translation>
    </message>
    <message>
        <location filename="../../ui/reports_view.py" line="346"/>
        <source>Save the report</source>
        <translation>Сохранить отчёт</translation>
    </message>
    <message>
        <location filename="../../ui/reports_view.py" line="356"/>
        <source>Saved: %1 (%2 pages)</source>
        <translation>Сохранено: %1 (страниц: %2)</translation>
    </message>
    <message>
        <location filename="../../ui/reports_view.py" line="364"/>
        <source>From</source>
        <translation>С</translation>
    </message>
    <message>
        <location filename="../../ui/reports_view.py" line="364"/>
        <source>to</source>
        <translation>по</translation>
    </message>
    <message>
        <location filename="../../ui/reports_view.py" line="364"/>
        <source>by</source>
        <translation>по</translation>
    </message>
    <message>
        <location filename="../../ui/reports_view.py" line="364"/>
        <source>Line</source>
        <translation>Линия</translation>
    </message>
    <message>
        <location filename="../../ui/reports_view.py" line="365"/>
        <source>Language</source>
        <translation>Язык</translation>
    </message>
    <message>
        <location filename="../../ui/reports_view.py" line="365"/>
        <source>Operator</source>
        <translation>Оператор</translation>
    </message>
    <message>
        <location filename="../../ui/reports_view.py" line="365"/>
        <source>Department</source>
        <translation>Отдел</translation>
    </message>
    <message>
        <location filename="../../ui/reports_view.py" line="369"/>
        <source>day</source>
        <translation>дням</translation>
    </message>
    <message>
        <location filename="../../ui/reports_view.py" line="370"/>
        <source>week</source>
        <translation>неделям</translation>
    </message>
    <message>
        <location filename="../../ui/reports_view.py" line="371"/>
        <source>month</source>
        <translation>месяцам</translation>
    </message>
    <message>
        <location filename="../../ui/reports_view.py" line="376"/>
        <source>all</source>
        <translation>все</translation>
    </message>
    <message>
        <location filename="../../ui/reports_view.py" line="377"/>
        <source>Refresh</source>
        <translation>Обновить</translation>
    </message>
    <message>
        <location filename="../../ui/reports_view.py" line="378"/>
        <source>PDF…</source>
        <translation>PDF…</translation>
    </message>
    <message>
        <location filename="../../ui/reports_view.py" line="380"/>
        <source>Calls</source>
        <translation>Звонки</translation>
    </message>
    <message>
        <location filename="../../ui/reports_view.py" line="380"/>
        <source>Portal failures</source>
        <translation>Сбои портала</translation>
    </message>
    <message>
        <location filename="../../ui/reports_view.py" line="380"/>
        <source>Tickets</source>
        <translation>Обращения</translation>
    </message>
    <message>
        <location filename="../../ui/reports_view.py" line="383"/>
        <source>Click a bar to see the tickets behind it.</source>
        <translation>Щёлкните по столбцу, чтобы увидеть обращения за ним.</translation>
    </message>
</context>
<context>
    <name>ReportsWindow</name>
    <message>
        <location filename="../../ui/reports_window.py" line="70"/>
        <source>Hotline Desk — reports</source>
        <translation>Hotline Desk — отчёты</translation>
    </message>
    <message>
        <location filename="../../ui/reports_window.py" line="71"/>
        <source>Report</source>
        <translation>Отчёт</translation>
    </message>
    <message>
        <location filename="../../ui/reports_window.py" line="72"/>
        <source>Wallboard</source>
        <translation>Табло</translation>
    </message>
</context>
<context>
    <name>RequestPage</name>
    <message>
        <location filename="../../ui/request_page.py" line="146"/>
        <source>Choose a request on the left.</source>
        <translation>Выберите запрос в списке слева.</translation>
    </message>
    <message>
        <location filename="../../ui/request_page.py" line="154"/>
        <source>any time</source>
        <translation>в любое время</translation>
    </message>
    <message>
        <location filename="../../ui/request_page.py" line="158"/>
        <source>Received %1 MSK · call back by %2 MSK · language: %3 · the citizen&apos;s window: %4 · attempts: %5, next: %6</source>
        <translation>Получен %1 МСК · перезвонить до %2 МСК · язык: %3 · удобное гражданину время: %4 · попыток: %5, следующая: %6</translation>
    </message>
    <message>
        <location filename="../../ui/request_page.py" line="170"/>
        <source>Call back %1 (Ctrl+Shift+B)</source>
        <translation>Перезвонить на %1 (Ctrl+Shift+B)</translation>
    </message>
    <message>
        <location filename="../../ui/request_page.py" line="178"/>
        <source>Files: none</source>
        <translation>Файлов нет</translation>
    </message>
    <message>
        <location filename="../../ui/request_page.py" line="178"/>
        <source>Files (click a document to open it):</source>
        <translation>Файлы (документ открывается по щелчку):</translation>
    </message>
    <message>
        <location filename="../../ui/request_page.py" line="219"/>
        <source>Ticket %1 · %2 · %3 · %4</source>
        <translation>Обращение %1 · %2 · %3 · %4</translation>
    </message>
    <message>
        <location filename="../../ui/request_page.py" line="228"/>
        <source>Call %1 · %2</source>
        <translation>Звонок %1 · %2</translation>
    </message>
    <message>
        <location filename="../../ui/request_page.py" line="234"/>
        <source>missed</source>
        <translation>пропущен</translation>
    </message>
    <message>
        <location filename="../../ui/request_page.py" line="238"/>
        <source>No earlier calls or tickets from this citizen.</source>
        <translation>Раньше этот гражданин не звонил и обращений не оставлял.</translation>
    </message>
    <message>
        <location filename="../../ui/request_page.py" line="245"/>
        <source>The citizen&apos;s calls and tickets:</source>
        <translation>Звонки и обращения гражданина:</translation>
    </message>
    <message>
        <location filename="../../ui/request_page.py" line="246"/>
        <source>Take it (Enter)</source>
        <translation>Взять (Enter)</translation>
    </message>
    <message>
        <location filename="../../ui/request_page.py" line="247"/>
        <source>Open its ticket</source>
        <translation>Открыть обращение</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <location filename="../../ui/settings_dialog.py" line="314"/>
        <source>Set by the administrator in %1</source>
        <translation>Задано администратором в %1</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="318"/>
        <source>Some values are set by the administrator for this computer (%1) and cannot be changed here.</source>
        <translation>Часть значений для этого компьютера задал администратор (%1): здесь их изменить нельзя.</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="349"/>
        <source>Enter the registrar (PBX) address, e.g. pbx.example.org.</source>
        <translation>Укажите адрес регистратора (АТС), например pbx.example.org.</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="351"/>
        <source>Enter the SIP user name the PBX gave you.</source>
        <translation>Укажите имя пользователя SIP, выданное для АТС.</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="353"/>
        <source>Enter the address to listen on for SIP (e.g. 0.0.0.0).</source>
        <translation>Укажите адрес, на котором принимать SIP (например, 0.0.0.0).</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="356"/>
        <source>Enter the central database server&apos;s address.</source>
        <translation>Укажите адрес сервера центральной базы данных.</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="358"/>
        <source>Enter your database user name.</source>
        <translation>Укажите имя пользователя базы данных.</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="360"/>
        <source>Enter the central database&apos;s name.</source>
        <translation>Укажите имя центральной базы данных.</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="416"/>
        <source>No system keyring was found, so the passwords are kept only until the desk is closed; you will be asked again next time.</source>
        <translation>Системное хранилище паролей не найдено, поэтому пароли хранятся только до закрытия программы; при следующем запуске их нужно будет ввести снова.</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="426"/>
        <source>Settings</source>
        <translation>Настройки</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="427"/>
        <source>SIP account</source>
        <translation>Учётная запись SIP</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="428"/>
        <source>Audio</source>
        <translation>Звук</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="429"/>
        <source>Hotkeys</source>
        <translation>Горячие клавиши</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="430"/>
        <source>Verification</source>
        <translation>Проверка</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="431"/>
        <source>Language</source>
        <translation>Язык</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="432"/>
        <source>Database</source>
        <translation>База данных</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="436"/>
        <source>Direct calls (no PBX)</source>
        <translation>Прямые звонки (без АТС)</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="437"/>
        <source>Register with a PBX</source>
        <translation>Регистрация на АТС</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="442"/>
        <location filename="../../ui/settings_dialog.py" line="480"/>
        <source>Mode:</source>
        <translation>Режим:</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="443"/>
        <source>Listen on address:</source>
        <translation>Адрес для приёма:</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="444"/>
        <source>Local SIP port:</source>
        <translation>Локальный порт SIP:</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="445"/>
        <source>Registrar (PBX):</source>
        <translation>Регистратор (АТС):</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="446"/>
        <location filename="../../ui/settings_dialog.py" line="485"/>
        <source>User name:</source>
        <translation>Имя пользователя:</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="447"/>
        <source>Display name:</source>
        <translation>Отображаемое имя:</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="448"/>
        <location filename="../../ui/settings_dialog.py" line="486"/>
        <source>Password:</source>
        <translation>Пароль:</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="449"/>
        <source>Transport:</source>
        <translation>Транспорт:</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="450"/>
        <source>Encrypt media (SRTP):</source>
        <translation>Шифровать голос (SRTP):</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="451"/>
        <source>When Not ready, answer:</source>
        <translation>В статусе «Не готов» отвечать:</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="452"/>
        <source>Answer by itself after:</source>
        <translation>Отвечать автоматически через:</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="453"/>
        <source>Second call while talking:</source>
        <translation>Второй звонок во время разговора:</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="457"/>
        <source>486 Busy here (the queue tries another operator)</source>
        <translation>486 Занято (очередь передаст звонок другому оператору)</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="459"/>
        <source>480 Temporarily unavailable</source>
        <translation>480 Временно недоступен</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="460"/>
        <source>never (only when the PBX asks)</source>
        <translation>никогда (только по запросу АТС)</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="461"/>
        <source> s</source>
        <translation> с</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="462"/>
        <source>ring softly (call waiting); off: busy</source>
        <translation>тихий сигнал (ожидание вызова); выкл.: «занято»</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="463"/>
        <location filename="../../ui/settings_dialog.py" line="496"/>
        <source>Kept in the system keyring, never in a file</source>
        <translation>Хранится в системном хранилище паролей, никогда в файле</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="466"/>
        <source>The SIP engine&apos;s TLS is built on OpenSSL 1.0.2, which no longer gets security fixes. Where you can, let the PBX or a VPN protect the signalling.</source>
        <translation>TLS в SIP-движке построен на OpenSSL 1.0.2, для которого больше не выходят исправления безопасности. По возможности защищайте сигнализацию средствами АТС или VPN.</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="470"/>
        <source>Interface language:</source>
        <translation>Язык интерфейса:</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="472"/>
        <source>Local database only</source>
        <translation>Только локальная база данных</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="473"/>
        <source>Local database synced with a central one</source>
        <translation>Локальная база с синхронизацией с центральной</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="481"/>
        <source>Local database file:</source>
        <translation>Файл локальной базы:</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="482"/>
        <source>Central server:</source>
        <translation>Центральный сервер:</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="483"/>
        <source>Port:</source>
        <translation>Порт:</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="484"/>
        <source>Database name:</source>
        <translation>Имя базы данных:</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="487"/>
        <source>TLS (sslmode):</source>
        <translation>TLS (sslmode):</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="492"/>
        <source>The desk always works on the local file. Sync with the central database is not active in this version; these settings are kept for it.</source>
        <translation>Программа всегда работает с локальным файлом. Синхронизация с центральной базой в этой версии не включена; настройки сохраняются для неё.</translation>
    </message>
</context>
<context>
    <name>SignInDialog</name>
    <message>
        <location filename="../../ui/sign_in_dialog.py" line="84"/>
        <source>Sign in</source>
        <translation>Войти</translation>
    </message>
    <message>
        <location filename="../../ui/sign_in_dialog.py" line="80"/>
        <source>Sign in with your account of the central database.</source>
        <translation>Войдите своей учётной записью центральной базы.</translation>
    </message>
    <message>
        <location filename="../../ui/sign_in_dialog.py" line="79"/>
        <source>Signing in</source>
        <extracomment>Checks a login and password; returns how the operator signed in or raises SignInRefused.</extracomment>
        <translation>Вход</translation>
    </message>
    <message>
        <location filename="../../ui/sign_in_dialog.py" line="81"/>
        <source>Login:</source>
        <translation>Логин:</translation>
    </message>
    <message>
        <location filename="../../ui/sign_in_dialog.py" line="82"/>
        <source>Password:</source>
        <translation>Пароль:</translation>
    </message>
    <message>
        <location filename="../../ui/sign_in_dialog.py" line="89"/>
        <source>Checking…</source>
        <translation>Проверка…</translation>
    </message>
    <message>
        <location filename="../../ui/sign_in_dialog.py" line="109"/>
        <source>Sign-in failed: %1</source>
        <translation>Войти не удалось: %1</translation>
    </message>
    <message>
        <location filename="../../ui/sign_in_dialog.py" line="114"/>
        <source>Type your login and password.</source>
        <translation>Введите логин и пароль.</translation>
    </message>
    <message>
        <location filename="../../ui/sign_in_dialog.py" line="116"/>
        <source>Wrong login or password.</source>
        <translation>Неверный логин или пароль.</translation>
    </message>
    <message>
        <location filename="../../ui/sign_in_dialog.py" line="119"/>
        <source>The central database cannot be reached, and the password does not match the last sign-in on this computer.</source>
        <translation>Центральная база недоступна, а пароль не совпадает с последним входом на этом компьютере.</translation>
    </message>
    <message>
        <location filename="../../ui/sign_in_dialog.py" line="124"/>
        <source>The central database cannot be reached. Without it, only %1 (who signed in here last) can start work on this computer.</source>
        <translation>Центральная база недоступна. Без неё на этом компьютере может начать работу только %1 (последний вошедший здесь).</translation>
    </message>
    <message>
        <location filename="../../ui/sign_in_dialog.py" line="128"/>
        <source>The central database cannot be reached, and nobody has signed in on this computer yet: the first sign-in needs the connection.</source>
        <translation>Центральная база недоступна, а на этом компьютере никто ещё не входил: для первого входа нужна связь.</translation>
    </message>
</context>
<context>
    <name>SkillsDialog</name>
    <message>
        <location filename="../../ui/skills_dialog.py" line="88"/>
        <source>The operators cannot be read: %1</source>
        <translation>Список операторов не читается: %1</translation>
    </message>
    <message>
        <location filename="../../ui/skills_dialog.py" line="132"/>
        <source>Not saved: %1</source>
        <translation>Не сохранено: %1</translation>
    </message>
    <message>
        <location filename="../../ui/skills_dialog.py" line="136"/>
        <source>Not saved: the database said %1</source>
        <translation>Не сохранено, база данных ответила: %1</translation>
    </message>
    <message>
        <location filename="../../ui/skills_dialog.py" line="139"/>
        <source>Saved: %1.</source>
        <translation>Сохранено: %1.</translation>
    </message>
    <message>
        <location filename="../../ui/skills_dialog.py" line="146"/>
        <source>these are not two-letter language codes: %1</source>
        <translation>это не двухбуквенные коды языков: %1</translation>
    </message>
    <message>
        <location filename="../../ui/skills_dialog.py" line="147"/>
        <source>name at least one language</source>
        <translation>укажите хотя бы один язык</translation>
    </message>
    <message>
        <location filename="../../ui/skills_dialog.py" line="148"/>
        <source>a topic is no longer a ticket category</source>
        <translation>одной из тем больше нет среди категорий обращений</translation>
    </message>
    <message>
        <location filename="../../ui/skills_dialog.py" line="149"/>
        <source>the operator is no longer there</source>
        <translation>этого оператора больше нет</translation>
    </message>
    <message>
        <location filename="../../ui/skills_dialog.py" line="154"/>
        <source>Operators&apos; skills for portal requests</source>
        <translation>Навыки операторов для запросов с портала</translation>
    </message>
    <message>
        <location filename="../../ui/skills_dialog.py" line="155"/>
        <source>Languages they speak (codes, e.g. ru, en):</source>
        <translation>Языки, на которых говорит оператор (коды, например ru, en):</translation>
    </message>
    <message>
        <location filename="../../ui/skills_dialog.py" line="156"/>
        <source>Topics they take requests on:</source>
        <translation>Темы, по которым оператор берёт запросы:</translation>
    </message>
</context>
<context>
    <name>Startup</name>
    <message>
        <location filename="../../ui/application.py" line="123"/>
        <source>The desk cannot start</source>
        <translation>Программа не может запуститься</translation>
    </message>
    <message>
        <location filename="../../ui/application.py" line="124"/>
        <source>The local database cannot be opened (%1). Check that the disk is not full and the folder is writable, then start the desk again.</source>
        <translation>Не удаётся открыть локальную базу данных (%1). Проверьте, что диск не заполнен и в папку можно записывать, и запустите программу снова.</translation>
    </message>
</context>
<context>
    <name>States</name>
    <message>
        <location filename="../../ui/texts.py" line="13"/>
        <source>Ready</source>
        <translation>Готов</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="14"/>
        <source>Not ready</source>
        <translation>Не готов</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="15"/>
        <source>After-call work</source>
        <translation>Постобработка</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="21"/>
        <source>SIP: not started</source>
        <translation>SIP: не запущен</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="22"/>
        <source>SIP: direct calls</source>
        <translation>SIP: прямые звонки</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="23"/>
        <source>SIP: registering…</source>
        <translation>SIP: регистрация…</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="24"/>
        <source>SIP: registered</source>
        <translation>SIP: зарегистрирован</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="25"/>
        <source>SIP: registration failed</source>
        <translation>SIP: ошибка регистрации</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="31"/>
        <source>Database: local</source>
        <translation>База: локальная</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="32"/>
        <source>Database: central, in sync</source>
        <translation>База: центральная, синхронизирована</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="35"/>
        <source>Database: offline, changes kept locally</source>
        <translation>База: нет связи, изменения сохраняются локально</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="38"/>
        <source>Database: error</source>
        <translation>База: ошибка</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="47"/>
        <source>Call waiting</source>
        <translation>Второй звонок на линии</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="48"/>
        <location filename="../../ui/texts.py" line="52"/>
        <source>Incoming call</source>
        <translation>Входящий звонок</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="53"/>
        <source>Ringing at the other end…</source>
        <translation>Идёт вызов…</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="54"/>
        <source>Dialling…</source>
        <translation>Набор номера…</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="55"/>
        <source>Connected</source>
        <translation>Разговор</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="56"/>
        <source>On hold</source>
        <translation>На удержании</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="57"/>
        <source>Transferring…</source>
        <translation>Перевод…</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="58"/>
        <location filename="../../ui/texts.py" line="64"/>
        <source>Call ended</source>
        <translation>Звонок завершён</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="65"/>
        <source>The caller hung up</source>
        <translation>Звонящий положил трубку</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="66"/>
        <source>Declined</source>
        <translation>Отклонён</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="67"/>
        <source>No answer</source>
        <translation>Нет ответа</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="68"/>
        <source>Busy</source>
        <translation>Занято</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="69"/>
        <source>Transferred</source>
        <translation>Переведён</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="70"/>
        <source>Call failed</source>
        <translation>Звонок не удался</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="76"/>
        <source>The SIP port is taken by another program (another softphone?). Close it or choose another port in Settings.</source>
        <translation>SIP-порт занят другой программой (другим софтфоном?). Закройте её или выберите другой порт в настройках.</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="81"/>
        <source>The SIP address to listen on is not valid on this computer.</source>
        <translation>Адрес для приёма SIP недействителен на этом компьютере.</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="84"/>
        <source>The phone could not start.</source>
        <translation>Не удалось запустить телефон.</translation>
    </message>
</context>
<context>
    <name>SyncIndicator</name>
    <message>
        <location filename="../../ui/sync_status.py" line="65"/>
        <source>never synced</source>
        <translation>ещё не синхронизировано</translation>
    </message>
    <message>
        <location filename="../../ui/sync_status.py" line="74"/>
        <source>%v of %m</source>
        <translation>%v из %m</translation>
    </message>
    <message>
        <location filename="../../ui/sync_status.py" line="53"/>
        <source>Central: connecting…</source>
        <translation>Центр: подключение…</translation>
    </message>
    <message>
        <location filename="../../ui/sync_status.py" line="58"/>
        <source>%1 to send</source>
        <translation>к отправке: %1</translation>
    </message>
    <message>
        <location filename="../../ui/sync_status.py" line="60"/>
        <source>%1 refused</source>
        <translation>отклонено: %1</translation>
    </message>
    <message>
        <location filename="../../ui/sync_status.py" line="63"/>
        <source>last %1</source>
        <translation>последняя в %1</translation>
    </message>
    <message>
        <location filename="../../ui/sync_status.py" line="81"/>
        <source>Central: in sync</source>
        <translation>Центр: синхронизировано</translation>
    </message>
    <message>
        <location filename="../../ui/sync_status.py" line="82"/>
        <source>Central: syncing…</source>
        <translation>Центр: синхронизация…</translation>
    </message>
    <message>
        <location filename="../../ui/sync_status.py" line="83"/>
        <source>Central: offline, work is kept here</source>
        <translation>Центр: нет связи, работа сохраняется здесь</translation>
    </message>
    <message>
        <location filename="../../ui/sync_status.py" line="90"/>
        <source>The central database did not answer: %1</source>
        <translation>Центральная база не ответила: %1</translation>
    </message>
    <message>
        <location filename="../../ui/sync_status.py" line="93"/>
        <source>Next attempt in %1 s. Nothing is lost: changes wait here.</source>
        <translation>Следующая попытка через %1 с. Ничего не потеряно: изменения ждут здесь.</translation>
    </message>
    <message>
        <location filename="../../ui/sync_status.py" line="100"/>
        <source>The server refused some changes; they are kept here. Tell the administrator.</source>
        <translation>Сервер отклонил часть изменений; они сохранены здесь. Сообщите администратору.</translation>
    </message>
    <message>
        <location filename="../../ui/sync_status.py" line="105"/>
        <source>Last sync: %1</source>
        <translation>Последняя синхронизация: %1</translation>
    </message>
</context>
<context>
    <name>TicketDesk</name>
    <message>
        <location filename="../../ui/ticket_desk.py" line="140"/>
        <source>Draft ticket %1 recovered: nothing you typed was lost.</source>
        <extracomment>Codes that mean there is a case: the ticket must be filed before the wrap-up is taken.</extracomment>
        <translation>Черновик обращения %1 восстановлен: всё введённое сохранилось.</translation>
    </message>
    <message>
        <location filename="../../ui/ticket_desk.py" line="189"/>
        <source>Ticket numbers</source>
        <translation>Номера обращений</translation>
    </message>
    <message>
        <location filename="../../ui/ticket_desk.py" line="191"/>
        <source>This desk has issued every ticket number its desk number allows. Take the caller&apos;s details down and ask the administrator to assign this desk a new number.</source>
        <translation>Это рабочее место выдало все номера обращений, которые допускает его номер. Запишите данные звонящего и попросите администратора назначить рабочему месту новый номер.</translation>
    </message>
    <message>
        <location filename="../../ui/ticket_desk.py" line="278"/>
        <source>Application %1: %2</source>
        <translation>Заявка %1: %2</translation>
    </message>
    <message>
        <location filename="../../ui/ticket_desk.py" line="280"/>
        <source>The application is named in the ticket.</source>
        <translation>Заявка указана в обращении.</translation>
    </message>
    <message>
        <location filename="../../ui/ticket_desk.py" line="313"/>
        <source>Pick how the call ended first (the list above the ticket).</source>
        <translation>Сначала выберите итог звонка (список над обращением).</translation>
    </message>
    <message>
        <location filename="../../ui/ticket_desk.py" line="358"/>
        <source>File the ticket first: the marked fields are missing (Ctrl+Enter).</source>
        <translation>Сначала зарегистрируйте обращение: не заполнены отмеченные поля (Ctrl+Enter).</translation>
    </message>
    <message>
        <location filename="../../ui/ticket_desk.py" line="387"/>
        <source>Wrap-up saved. F5: Ready for the next call.</source>
        <translation>Итог звонка сохранён. F5 — готов к следующему звонку.</translation>
    </message>
    <message>
        <location filename="../../ui/ticket_desk.py" line="395"/>
        <source>The ticket number was sent by SMS.</source>
        <translation>Номер обращения отправлен по SMS.</translation>
    </message>
    <message>
        <location filename="../../ui/ticket_desk.py" line="398"/>
        <source>The SMS with the ticket number was not sent (%1); read it out instead.</source>
        <translation>SMS с номером обращения не отправлено (%1); продиктуйте номер звонящему.</translation>
    </message>
</context>
<context>
    <name>TicketForm</name>
    <message>
        <location filename="../../ui/ticket_form.py" line="274"/>
        <source>Draft</source>
        <translation>Черновик</translation>
    </message>
    <message>
        <location filename="../../ui/ticket_form.py" line="279"/>
        <source>Due %1</source>
        <translation>Срок: %1</translation>
    </message>
    <message>
        <location filename="../../ui/ticket_form.py" line="302"/>
        <source>%1 KB</source>
        <translation>%1 КБ</translation>
    </message>
    <message>
        <location filename="../../ui/ticket_form.py" line="319"/>
        <source>Knowledge-base article: «%1» (kb:%2)</source>
        <translation>Статья базы знаний: «%1» (kb:%2)</translation>
    </message>
    <message>
        <location filename="../../ui/ticket_form.py" line="321"/>
        <source>The article is named in the ticket.</source>
        <translation>Статья указана в обращении.</translation>
    </message>
    <message>
        <location filename="../../ui/ticket_form.py" line="400"/>
        <source>Ticket %1 saved.</source>
        <translation>Обращение %1 сохранено.</translation>
    </message>
    <message>
        <location filename="../../ui/ticket_form.py" line="427"/>
        <source>The ticket could not be saved (%1); what you typed is still here.</source>
        <translation>Обращение не сохранилось (%1); введённый текст остаётся в форме.</translation>
    </message>
    <message>
        <location filename="../../ui/ticket_form.py" line="449"/>
        <source>Ticket %1 filed.</source>
        <translation>Обращение %1 зарегистрировано.</translation>
    </message>
    <message>
        <location filename="../../ui/ticket_form.py" line="470"/>
        <source>The ticket is not complete: see the marked fields.</source>
        <translation>Обращение заполнено не полностью: см. отмеченные поля.</translation>
    </message>
    <message>
        <location filename="../../ui/ticket_form.py" line="510"/>
        <source>Ticket %1 escalated.</source>
        <translation>Обращение %1 передано в отдел.</translation>
    </message>
    <message>
        <location filename="../../ui/ticket_form.py" line="534"/>
        <source>A ticket cannot go from “%1” to “%2”.</source>
        <translation>Обращение нельзя перевести из статуса «%1» в «%2».</translation>
    </message>
    <message>
        <location filename="../../ui/ticket_form.py" line="546"/>
        <source>Attach a file</source>
        <translation>Прикрепить файл</translation>
    </message>
    <message>
        <location filename="../../ui/ticket_form.py" line="565"/>
        <source>Type to find a category…</source>
        <translation>Начните вводить категорию…</translation>
    </message>
    <message>
        <location filename="../../ui/ticket_form.py" line="566"/>
        <source>What the caller says, in a few sentences</source>
        <translation>Суть обращения в нескольких предложениях</translation>
    </message>
    <message>
        <location filename="../../ui/ticket_form.py" line="567"/>
        <source>Save</source>
        <translation>Сохранить</translation>
    </message>
    <message>
        <location filename="../../ui/ticket_form.py" line="568"/>
        <source>File the ticket</source>
        <translation>Зарегистрировать</translation>
    </message>
    <message>
        <location filename="../../ui/ticket_form.py" line="569"/>
        <source>Escalate…</source>
        <translation>Передать в отдел…</translation>
    </message>
    <message>
        <location filename="../../ui/ticket_form.py" line="570"/>
        <source>Attach…</source>
        <translation>Прикрепить…</translation>
    </message>
    <message>
        <location filename="../../ui/ticket_form.py" line="571"/>
        <source>History of the ticket</source>
        <translation>История обращения</translation>
    </message>
</context>
<context>
    <name>TicketList</name>
    <message>
        <location filename="../../ui/ticket_list.py" line="151"/>
        <source>draft</source>
        <translation>черновик</translation>
    </message>
    <message>
        <location filename="../../ui/ticket_list.py" line="160"/>
        <source>%1, overdue</source>
        <translation>%1, просрочено</translation>
    </message>
    <message>
        <location filename="../../ui/ticket_list.py" line="176"/>
        <source>That ticket number&apos;s check digit does not match: ask the caller to read it again.</source>
        <translation>Не сходится контрольная цифра номера обращения: попросите звонящего прочитать номер ещё раз.</translation>
    </message>
    <message>
        <location filename="../../ui/ticket_list.py" line="179"/>
        <source>No tickets found.</source>
        <translation>Обращения не найдены.</translation>
    </message>
    <message>
        <location filename="../../ui/ticket_list.py" line="181"/>
        <source>Tickets found: %1</source>
        <translation>Найдено обращений: %1</translation>
    </message>
    <message>
        <location filename="../../ui/ticket_list.py" line="190"/>
        <source>Ticket number, phone, SNILS or the beginning of a name</source>
        <translation>Номер обращения, телефон, СНИЛС или начало ФИО</translation>
    </message>
    <message>
        <location filename="../../ui/ticket_list.py" line="192"/>
        <source>Any status</source>
        <translation>Любой статус</translation>
    </message>
    <message>
        <location filename="../../ui/ticket_list.py" line="195"/>
        <source>From – to:</source>
        <translation>С – по:</translation>
    </message>
    <message>
        <location filename="../../ui/ticket_list.py" line="198"/>
        <source>Number</source>
        <translation>Номер</translation>
    </message>
    <message>
        <location filename="../../ui/ticket_list.py" line="199"/>
        <source>Created (MSK)</source>
        <translation>Создано (МСК)</translation>
    </message>
    <message>
        <location filename="../../ui/ticket_list.py" line="200"/>
        <source>Status</source>
        <translation>Статус</translation>
    </message>
    <message>
        <location filename="../../ui/ticket_list.py" line="201"/>
        <source>Caller</source>
        <translation>Звонящий</translation>
    </message>
    <message>
        <location filename="../../ui/ticket_list.py" line="202"/>
        <source>Citizen</source>
        <translation>Заявитель</translation>
    </message>
    <message>
        <location filename="../../ui/ticket_list.py" line="203"/>
        <source>Description</source>
        <translation>Описание</translation>
    </message>
</context>
<context>
    <name>Tickets</name>
    <message>
        <location filename="../../ui/ticket_texts.py" line="21"/>
        <source>New</source>
        <translation>Новое</translation>
    </message>
    <message>
        <location filename="../../ui/ticket_texts.py" line="22"/>
        <source>In progress</source>
        <translation>В работе</translation>
    </message>
    <message>
        <location filename="../../ui/ticket_texts.py" line="23"/>
        <location filename="../../ui/ticket_texts.py" line="94"/>
        <source>Escalated</source>
        <translation>Передано в отдел</translation>
    </message>
    <message>
        <location filename="../../ui/ticket_texts.py" line="24"/>
        <source>Waiting for the citizen</source>
        <translation>Ждём ответа заявителя</translation>
    </message>
    <message>
        <location filename="../../ui/ticket_texts.py" line="25"/>
        <source>Resolved</source>
        <translation>Решено</translation>
    </message>
    <message>
        <location filename="../../ui/ticket_texts.py" line="26"/>
        <source>Closed</source>
        <translation>Закрыто</translation>
    </message>
    <message>
        <location filename="../../ui/ticket_texts.py" line="32"/>
        <source>Low</source>
        <translation>Низкий</translation>
    </message>
    <message>
        <location filename="../../ui/ticket_texts.py" line="33"/>
        <source>Normal</source>
        <translation>Обычный</translation>
    </message>
    <message>
        <location filename="../../ui/ticket_texts.py" line="34"/>
        <source>High</source>
        <translation>Высокий</translation>
    </message>
    <message>
        <location filename="../../ui/ticket_texts.py" line="35"/>
        <source>Urgent</source>
        <translation>Срочный</translation>
    </message>
    <message>
        <location filename="../../ui/ticket_texts.py" line="41"/>
        <source>Error text or code</source>
        <translation>Текст или код ошибки</translation>
    </message>
    <message>
        <location filename="../../ui/ticket_texts.py" line="42"/>
        <source>When it happened</source>
        <translation>Когда произошло</translation>
    </message>
    <message>
        <location filename="../../ui/ticket_texts.py" line="43"/>
        <source>Browser or app, version</source>
        <translation>Браузер или приложение, версия</translation>
    </message>
    <message>
        <location filename="../../ui/ticket_texts.py" line="44"/>
        <source>What the caller did before</source>
        <translation>Что заявитель делал перед ошибкой</translation>
    </message>
    <message>
        <location filename="../../ui/ticket_texts.py" line="45"/>
        <source>Amount, ₽</source>
        <translation>Сумма, ₽</translation>
    </message>
    <message>
        <location filename="../../ui/ticket_texts.py" line="46"/>
        <source>Date of payment</source>
        <translation>Дата оплаты</translation>
    </message>
    <message>
        <location filename="../../ui/ticket_texts.py" line="47"/>
        <source>Charged twice</source>
        <translation>Двойное списание</translation>
    </message>
    <message>
        <location filename="../../ui/ticket_texts.py" line="48"/>
        <source>Application number</source>
        <translation>Номер заявки</translation>
    </message>
    <message>
        <location filename="../../ui/ticket_texts.py" line="49"/>
        <source>MFC office</source>
        <translation>Отделение МФЦ</translation>
    </message>
    <message>
        <location filename="../../ui/ticket_texts.py" line="50"/>
        <source>Appointment</source>
        <translation>Дата и время записи</translation>
    </message>
    <message>
        <location filename="../../ui/ticket_texts.py" line="51"/>
        <source>Subject of the complaint</source>
        <translation>Предмет жалобы</translation>
    </message>
    <message>
        <location filename="../../ui/ticket_texts.py" line="52"/>
        <source>Who or what it is about</source>
        <translation>На кого или на что жалоба</translation>
    </message>
    <message>
        <location filename="../../ui/ticket_texts.py" line="53"/>
        <source>Category</source>
        <translation>Категория</translation>
    </message>
    <message>
        <location filename="../../ui/ticket_texts.py" line="54"/>
        <source>Description</source>
        <translation>Описание</translation>
    </message>
    <message>
        <location filename="../../ui/ticket_texts.py" line="55"/>
        <source>Subcategory</source>
        <translation>Подкатегория</translation>
    </message>
    <message>
        <location filename="../../ui/ticket_texts.py" line="56"/>
        <source>Priority</source>
        <translation>Приоритет</translation>
    </message>
    <message>
        <location filename="../../ui/ticket_texts.py" line="57"/>
        <source>Department</source>
        <translation>Отдел</translation>
    </message>
    <message>
        <location filename="../../ui/ticket_texts.py" line="58"/>
        <source>Service concerned</source>
        <translation>Услуга</translation>
    </message>
    <message>
        <location filename="../../ui/ticket_texts.py" line="65"/>
        <location filename="../../ui/ticket_texts.py" line="66"/>
        <source>dd.mm.yyyy hh:mm</source>
        <translation>дд.мм.гггг чч:мм</translation>
    </message>
    <message>
        <location filename="../../ui/ticket_texts.py" line="67"/>
        <source>dd.mm.yyyy</source>
        <translation>дд.мм.гггг</translation>
    </message>
    <message>
        <location filename="../../ui/ticket_texts.py" line="68"/>
        <source>1500,00</source>
        <translation>1500,00</translation>
    </message>
    <message>
        <location filename="../../ui/ticket_texts.py" line="69"/>
        <source>e.g. Chrome 131, Gosuslugi app 4.2</source>
        <translation>например, Chrome 131, приложение Госуслуги 4.2</translation>
    </message>
    <message>
        <location filename="../../ui/ticket_texts.py" line="75"/>
        <source>required</source>
        <translation>обязательное поле</translation>
    </message>
    <message>
        <location filename="../../ui/ticket_texts.py" line="76"/>
        <source>too long</source>
        <translation>слишком длинно</translation>
    </message>
    <message>
        <location filename="../../ui/ticket_texts.py" line="77"/>
        <source>not a date: type dd.mm.yyyy (and hh:mm)</source>
        <translation>это не дата: введите дд.мм.гггг (и чч:мм)</translation>
    </message>
    <message>
        <location filename="../../ui/ticket_texts.py" line="80"/>
        <source>cannot be in the future</source>
        <translation>не может быть в будущем</translation>
    </message>
    <message>
        <location filename="../../ui/ticket_texts.py" line="81"/>
        <source>not an amount in roubles (e.g. 1500,00)</source>
        <translation>это не сумма в рублях (например, 1500,00)</translation>
    </message>
    <message>
        <location filename="../../ui/ticket_texts.py" line="84"/>
        <source>an application number is 6 to 20 digits</source>
        <translation>номер заявки — от 6 до 20 цифр</translation>
    </message>
    <message>
        <location filename="../../ui/ticket_texts.py" line="92"/>
        <source>Solved on the call</source>
        <translation>Решено во время звонка</translation>
    </message>
    <message>
        <location filename="../../ui/ticket_texts.py" line="93"/>
        <source>Ticket created</source>
        <translation>Создано обращение</translation>
    </message>
    <message>
        <location filename="../../ui/ticket_texts.py" line="95"/>
        <source>Call back needed</source>
        <translation>Нужен обратный звонок</translation>
    </message>
    <message>
        <location filename="../../ui/ticket_texts.py" line="96"/>
        <source>Wrong number</source>
        <translation>Ошиблись номером</translation>
    </message>
    <message>
        <location filename="../../ui/ticket_texts.py" line="97"/>
        <source>Abusive caller</source>
        <translation>Оскорбления</translation>
    </message>
    <message>
        <location filename="../../ui/ticket_texts.py" line="98"/>
        <source>Call dropped</source>
        <translation>Звонок оборвался</translation>
    </message>
    <message>
        <location filename="../../ui/ticket_texts.py" line="105"/>
        <source>The file is larger than %1 MB.</source>
        <translation>Файл больше %1 МБ.</translation>
    </message>
    <message>
        <location filename="../../ui/ticket_texts.py" line="108"/>
        <source>The file is empty.</source>
        <translation>Файл пустой.</translation>
    </message>
    <message>
        <location filename="../../ui/ticket_texts.py" line="109"/>
        <source>Only pictures (PNG, JPEG, GIF, WebP), PDF and plain-text logs can be attached.</source>
        <translation>Прикрепить можно только изображения (PNG, JPEG, GIF, WebP), PDF и текстовые журналы.</translation>
    </message>
    <message>
        <location filename="../../ui/ticket_texts.py" line="113"/>
        <source>The file could not be read.</source>
        <translation>Файл не удалось прочитать.</translation>
    </message>
    <message>
        <location filename="../../ui/ticket_texts.py" line="120"/>
        <source>Status: %1 → %2</source>
        <translation>Статус: %1 → %2</translation>
    </message>
    <message>
        <location filename="../../ui/ticket_texts.py" line="142"/>
        <source>Edited on two desks apart; the copy with more edits was kept. Not taken: %1</source>
        <extracomment>Header fields whose losing value is shown as typed (the rest are keys and codes).</extracomment>
        <translation>Правки с двух рабочих мест, сделанные без связи; оставлена копия с большим числом правок. Не принято: %1</translation>
    </message>
    <message>
        <location filename="../../ui/ticket_texts.py" line="151"/>
        <source>Filed</source>
        <translation>Зарегистрировано</translation>
    </message>
    <message>
        <location filename="../../ui/ticket_texts.py" line="153"/>
        <source>Attached %1</source>
        <translation>Прикреплён файл %1</translation>
    </message>
    <message>
        <location filename="../../ui/ticket_texts.py" line="157"/>
        <source>Changed: %1</source>
        <translation>Изменено: %1</translation>
    </message>
    <message>
        <location filename="../../ui/ticket_texts.py" line="162"/>
        <source>The caller called again</source>
        <translation>Заявитель позвонил снова</translation>
    </message>
    <message>
        <location filename="../../ui/ticket_texts.py" line="163"/>
        <source>Comment: %1</source>
        <translation>Комментарий: %1</translation>
    </message>
    <message>
        <location filename="../../ui/ticket_texts.py" line="171"/>
        <source>Created</source>
        <translation>Создано</translation>
    </message>
    <message>
        <location filename="../../ui/ticket_texts.py" line="174"/>
        <source>Escalated to %1: %2</source>
        <translation>Передано: %1 — %2</translation>
    </message>
</context>
<context>
    <name>TileView</name>
    <message>
        <location filename="../../ui/report_tiles.py" line="37"/>
        <source>The period before: %1</source>
        <translation>В предыдущем периоде: %1</translation>
    </message>
</context>
<context>
    <name>TransferDialog</name>
    <message>
        <location filename="../../ui/transfer_dialog.py" line="88"/>
        <source>Transfer the call</source>
        <translation>Перевод звонка</translation>
    </message>
    <message>
        <location filename="../../ui/transfer_dialog.py" line="89"/>
        <source>Choose the department to pass the caller to, or type a number.</source>
        <translation>Выберите отдел, которому передать звонящего, или введите номер.</translation>
    </message>
    <message>
        <location filename="../../ui/transfer_dialog.py" line="90"/>
        <source>Extension or number</source>
        <translation>Добавочный или номер</translation>
    </message>
    <message>
        <location filename="../../ui/transfer_dialog.py" line="91"/>
        <source>Transfer now</source>
        <translation>Перевести сразу</translation>
    </message>
    <message>
        <location filename="../../ui/transfer_dialog.py" line="92"/>
        <source>The caller goes straight to the department</source>
        <translation>Звонящий сразу попадёт в отдел</translation>
    </message>
    <message>
        <location filename="../../ui/transfer_dialog.py" line="93"/>
        <source>Talk to them first</source>
        <translation>Сначала поговорить с отделом</translation>
    </message>
    <message>
        <location filename="../../ui/transfer_dialog.py" line="95"/>
        <source>The caller waits on hold while you explain the case, then you hand over</source>
        <translation>Звонящий ждёт на удержании, пока вы объясняете суть вопроса, затем вы передаёте звонок</translation>
    </message>
    <message>
        <location filename="../../ui/transfer_dialog.py" line="97"/>
        <source>Cancel</source>
        <translation>Отмена</translation>
    </message>
</context>
<context>
    <name>Verification</name>
    <message>
        <location filename="../../ui/verification_texts.py" line="22"/>
        <source>type what the caller dictates</source>
        <translation>введите то, что диктует звонящий</translation>
    </message>
    <message>
        <location filename="../../ui/verification_texts.py" line="23"/>
        <source>only digits, spaces and hyphens</source>
        <translation>только цифры, пробелы и дефисы</translation>
    </message>
    <message>
        <location filename="../../ui/verification_texts.py" line="24"/>
        <source>wrong number of digits</source>
        <translation>неверное количество цифр</translation>
    </message>
    <message>
        <location filename="../../ui/verification_texts.py" line="25"/>
        <source>all zeros: not a real number</source>
        <translation>одни нули: такого номера нет</translation>
    </message>
    <message>
        <location filename="../../ui/verification_texts.py" line="26"/>
        <source>the check digits do not fit: ask the caller to repeat</source>
        <translation>контрольное число не сходится: попросите повторить</translation>
    </message>
    <message>
        <location filename="../../ui/verification_texts.py" line="29"/>
        <source>a passport series does not start with 00</source>
        <translation>серия паспорта не начинается с 00</translation>
    </message>
    <message>
        <location filename="../../ui/verification_texts.py" line="32"/>
        <source>a passport number is not 000000</source>
        <translation>номер паспорта не может быть 000000</translation>
    </message>
    <message>
        <location filename="../../ui/verification_texts.py" line="35"/>
        <source>not a phone number</source>
        <translation>это не номер телефона</translation>
    </message>
    <message>
        <location filename="../../ui/verification_texts.py" line="36"/>
        <source>no such country code</source>
        <translation>нет такого кода страны</translation>
    </message>
    <message>
        <location filename="../../ui/verification_texts.py" line="37"/>
        <source>too few digits</source>
        <translation>слишком мало цифр</translation>
    </message>
    <message>
        <location filename="../../ui/verification_texts.py" line="38"/>
        <source>too long</source>
        <translation>слишком длинно</translation>
    </message>
    <message>
        <location filename="../../ui/verification_texts.py" line="39"/>
        <source>no such number in the plan</source>
        <translation>такого номера нет в плане нумерации</translation>
    </message>
    <message>
        <location filename="../../ui/verification_texts.py" line="40"/>
        <source>letters, hyphens, apostrophes and spaces only</source>
        <translation>только буквы, дефисы, апострофы и пробелы</translation>
    </message>
    <message>
        <location filename="../../ui/verification_texts.py" line="43"/>
        <source>Latin and Cyrillic letters mixed in one word</source>
        <translation>в одном слове смешаны латиница и кириллица</translation>
    </message>
    <message>
        <location filename="../../ui/verification_texts.py" line="46"/>
        <source>a stray hyphen or apostrophe</source>
        <translation>лишний дефис или апостроф</translation>
    </message>
    <message>
        <location filename="../../ui/verification_texts.py" line="49"/>
        <source>surname and first name at least</source>
        <translation>нужны хотя бы фамилия и имя</translation>
    </message>
    <message>
        <location filename="../../ui/verification_texts.py" line="54"/>
        <source>not a valid document number</source>
        <translation>это не номер документа</translation>
    </message>
    <message>
        <location filename="../../ui/verification_texts.py" line="60"/>
        <source>not verified</source>
        <translation>не проверен</translation>
    </message>
    <message>
        <location filename="../../ui/verification_texts.py" line="61"/>
        <source>partly verified</source>
        <translation>проверен частично</translation>
    </message>
    <message>
        <location filename="../../ui/verification_texts.py" line="62"/>
        <source>fully verified</source>
        <translation>проверен полностью</translation>
    </message>
    <message>
        <location filename="../../ui/verification_texts.py" line="68"/>
        <source>the code is right</source>
        <translation>код верный</translation>
    </message>
    <message>
        <location filename="../../ui/verification_texts.py" line="69"/>
        <source>wrong code; attempts left: %1</source>
        <translation>неверный код; осталось попыток: %1</translation>
    </message>
    <message>
        <location filename="../../ui/verification_texts.py" line="72"/>
        <source>a code is six digits</source>
        <translation>код состоит из шести цифр</translation>
    </message>
    <message>
        <location filename="../../ui/verification_texts.py" line="73"/>
        <source>the code has expired: send a new one</source>
        <translation>срок кода истёк: отправьте новый</translation>
    </message>
    <message>
        <location filename="../../ui/verification_texts.py" line="76"/>
        <source>three wrong codes: send a new one</source>
        <translation>три неверных кода: отправьте новый</translation>
    </message>
    <message>
        <location filename="../../ui/verification_texts.py" line="79"/>
        <source>no code was sent yet</source>
        <translation>код ещё не отправлен</translation>
    </message>
    <message>
        <location filename="../../ui/verification_texts.py" line="86"/>
        <source>the SMS gateway cannot be reached</source>
        <translation>SMS-шлюз недоступен</translation>
    </message>
    <message>
        <location filename="../../ui/verification_texts.py" line="89"/>
        <source>the SMS gateway did not answer in time</source>
        <translation>SMS-шлюз не ответил вовремя</translation>
    </message>
    <message>
        <location filename="../../ui/verification_texts.py" line="92"/>
        <source>the SMS gateway refused the message (HTTP %1)</source>
        <translation>SMS-шлюз отклонил сообщение (HTTP %1)</translation>
    </message>
    <message>
        <location filename="../../ui/verification_texts.py" line="95"/>
        <source>the SMS gateway failed (HTTP %1)</source>
        <translation>ошибка SMS-шлюза (HTTP %1)</translation>
    </message>
    <message>
        <location filename="../../ui/verification_texts.py" line="98"/>
        <source>the SMS gateway gave an answer the desk cannot read</source>
        <translation>SMS-шлюз вернул непонятный ответ</translation>
    </message>
</context>
<context>
    <name>VerificationPage</name>
    <message>
        <location filename="../../ui/verification_settings.py" line="70"/>
        <source>The SMS gateway address must start with https:// (http:// only for a gateway on this computer) and carry no user name or password.</source>
        <translation>Адрес SMS-шлюза должен начинаться с https:// (http:// — только для шлюза на этом компьютере) и не содержать имени пользователя и пароля.</translation>
    </message>
    <message>
        <location filename="../../ui/verification_settings.py" line="75"/>
        <source>Enter the SMS gateway&apos;s token.</source>
        <translation>Введите токен SMS-шлюза.</translation>
    </message>
    <message>
        <location filename="../../ui/verification_settings.py" line="87"/>
        <source>SMS gateway address:</source>
        <translation>Адрес SMS-шлюза:</translation>
    </message>
    <message>
        <location filename="../../ui/verification_settings.py" line="88"/>
        <source>Gateway token:</source>
        <translation>Токен шлюза:</translation>
    </message>
    <message>
        <location filename="../../ui/verification_settings.py" line="89"/>
        <source>Failed checks before lockout (24 h):</source>
        <translation>Неудачных проверок до блокировки (24 ч):</translation>
    </message>
    <message>
        <location filename="../../ui/verification_settings.py" line="90"/>
        <source>Full verification:</source>
        <translation>Полная проверка:</translation>
    </message>
    <message>
        <location filename="../../ui/verification_settings.py" line="94"/>
        <source>empty: codes go to the demo outbox file</source>
        <translation>пусто: коды пишутся в демонстрационный файл</translation>
    </message>
    <message>
        <location filename="../../ui/verification_settings.py" line="95"/>
        <source>Kept in the system keyring, never in a file</source>
        <translation>Хранится в системном хранилище паролей, не в файле</translation>
    </message>
    <message>
        <location filename="../../ui/verification_settings.py" line="96"/>
        <source>needs both the security answer and an SMS code</source>
        <translation>требует и ответ на контрольный вопрос, и код из SMS</translation>
    </message>
    <message>
        <location filename="../../ui/verification_settings.py" line="97"/>
        <source>Changes take effect the next time the desk starts.</source>
        <translation>Изменения вступят в силу при следующем запуске программы.</translation>
    </message>
</context>
<context>
    <name>VerificationPanel</name>
    <message>
        <location filename="../../ui/verification_panel.py" line="211"/>
        <source>Find the caller&apos;s account first.</source>
        <translation>Сначала найдите учётную запись звонящего.</translation>
    </message>
    <message>
        <location filename="../../ui/verification_panel.py" line="226"/>
        <source>With a name, type the birth date too (dd.mm.yyyy).</source>
        <translation>К ФИО введите и дату рождения (дд.мм.гггг).</translation>
    </message>
    <message>
        <location filename="../../ui/verification_panel.py" line="237"/>
        <source>Looking the caller up in the central database…</source>
        <translation>Поиск заявителя в центральной базе…</translation>
    </message>
    <message>
        <location filename="../../ui/verification_panel.py" line="246"/>
        <source>The central database does not answer, so the caller cannot be looked up now. Record the case as a ticket and offer to call back.</source>
        <translation>Центральная база не отвечает, поэтому найти заявителя сейчас нельзя. Запишите обращение и предложите перезвонить.</translation>
    </message>
    <message>
        <location filename="../../ui/verification_panel.py" line="261"/>
        <source>No account found: check what the caller said, or try SNILS.</source>
        <translation>Учётная запись не найдена: уточните данные у звонящего или найдите по СНИЛС.</translation>
    </message>
    <message>
        <location filename="../../ui/verification_panel.py" line="274"/>
        <source>Verification by phone is blocked: %1 failed checks in 24 hours. Do not change anything on this account; pass the case to a specialist.</source>
        <translation>Проверка по телефону заблокирована: %1 неудачные проверки за сутки. Ничего не меняйте в этой учётной записи; передайте обращение специалисту.</translation>
    </message>
    <message>
        <location filename="../../ui/verification_panel.py" line="282"/>
        <source>(no security question set)</source>
        <translation>(контрольный вопрос не задан)</translation>
    </message>
    <message>
        <location filename="../../ui/verification_panel.py" line="310"/>
        <source>Sending…</source>
        <translation>Отправка…</translation>
    </message>
    <message>
        <location filename="../../ui/verification_panel.py" line="321"/>
        <source>A new code can be sent in %1 s.</source>
        <translation>Новый код можно отправить через %1 с.</translation>
    </message>
    <message>
        <location filename="../../ui/verification_panel.py" line="327"/>
        <source>The code could not be sent.</source>
        <translation>Код не удалось отправить.</translation>
    </message>
    <message>
        <location filename="../../ui/verification_panel.py" line="353"/>
        <source>Code sent: valid for %1 s; a new one in %2 s.</source>
        <translation>Код отправлен: действует %1 с; новый — через %2 с.</translation>
    </message>
    <message>
        <location filename="../../ui/verification_panel.py" line="369"/>
        <source>matches</source>
        <translation>совпадает</translation>
    </message>
    <message>
        <location filename="../../ui/verification_panel.py" line="369"/>
        <source>does not match</source>
        <translation>не совпадает</translation>
    </message>
    <message>
        <location filename="../../ui/verification_panel.py" line="383"/>
        <source>What can be done for the caller (account, contacts, MFC appointment) is on the caller card, Ticket tab (Alt+2).</source>
        <translation>Действия для звонящего (учётная запись, контакты, запись в МФЦ) — в карточке звонящего на вкладке «Обращение» (Alt+2).</translation>
    </message>
    <message>
        <location filename="../../ui/verification_panel.py" line="391"/>
        <source>Verification: %1</source>
        <translation>Проверка: %1</translation>
    </message>
    <message>
        <location filename="../../ui/verification_panel.py" line="404"/>
        <source>Send a code (SMS)</source>
        <translation>Отправить код (SMS)</translation>
    </message>
    <message>
        <location filename="../../ui/verification_panel.py" line="405"/>
        <source>&amp;Back</source>
        <translation>&amp;Назад</translation>
    </message>
    <message>
        <location filename="../../ui/verification_panel.py" line="406"/>
        <source>&amp;Next / skip</source>
        <translation>&amp;Далее / пропустить</translation>
    </message>
    <message>
        <location filename="../../ui/verification_panel.py" line="408"/>
        <source>Caller&apos;s number:</source>
        <translation>Номер звонящего:</translation>
    </message>
    <message>
        <location filename="../../ui/verification_panel.py" line="409"/>
        <source>or SNILS:</source>
        <translation>или СНИЛС:</translation>
    </message>
    <message>
        <location filename="../../ui/verification_panel.py" line="410"/>
        <source>or full name:</source>
        <translation>или ФИО:</translation>
    </message>
    <message>
        <location filename="../../ui/verification_panel.py" line="411"/>
        <source>and birth date:</source>
        <translation>и дата рождения:</translation>
    </message>
    <message>
        <location filename="../../ui/verification_panel.py" line="413"/>
        <source>Accounts found:</source>
        <translation>Найденные учётные записи:</translation>
    </message>
    <message>
        <location filename="../../ui/verification_panel.py" line="417"/>
        <source>SNILS:</source>
        <translation>СНИЛС:</translation>
    </message>
    <message>
        <location filename="../../ui/verification_panel.py" line="417"/>
        <source>INN:</source>
        <translation>ИНН:</translation>
    </message>
    <message>
        <location filename="../../ui/verification_panel.py" line="417"/>
        <source>Passport:</source>
        <translation>Паспорт:</translation>
    </message>
    <message>
        <location filename="../../ui/verification_panel.py" line="419"/>
        <source>Question:</source>
        <translation>Вопрос:</translation>
    </message>
    <message>
        <location filename="../../ui/verification_panel.py" line="419"/>
        <source>Answer:</source>
        <translation>Ответ:</translation>
    </message>
    <message>
        <location filename="../../ui/verification_panel.py" line="421"/>
        <source>Code:</source>
        <translation>Код:</translation>
    </message>
    <message>
        <location filename="../../ui/verification_panel.py" line="423"/>
        <source>dd.mm.yyyy</source>
        <translation>дд.мм.гггг</translation>
    </message>
</context>
<context>
    <name>WallboardWindow</name>
    <message>
        <location filename="../../ui/wallboard.py" line="179"/>
        <location filename="../../ui/wallboard.py" line="233"/>
        <source>Ready</source>
        <translation>Готов</translation>
    </message>
    <message>
        <location filename="../../ui/wallboard.py" line="180"/>
        <location filename="../../ui/wallboard.py" line="234"/>
        <source>Not ready</source>
        <translation>Не готов</translation>
    </message>
    <message>
        <location filename="../../ui/wallboard.py" line="181"/>
        <location filename="../../ui/wallboard.py" line="235"/>
        <source>In a call</source>
        <translation>В разговоре</translation>
    </message>
    <message>
        <location filename="../../ui/wallboard.py" line="182"/>
        <location filename="../../ui/wallboard.py" line="236"/>
        <source>After-call work</source>
        <translation>Постобработка</translation>
    </message>
    <message>
        <location filename="../../ui/wallboard.py" line="183"/>
        <source>Offline</source>
        <translation>Не в сети</translation>
    </message>
    <message>
        <location filename="../../ui/wallboard.py" line="189"/>
        <source>The database does not answer (%1).</source>
        <translation>База данных не отвечает (%1).</translation>
    </message>
    <message>
        <location filename="../../ui/wallboard.py" line="194"/>
        <source>Trying again every few seconds.</source>
        <translation>Повторная попытка каждые несколько секунд.</translation>
    </message>
    <message>
        <location filename="../../ui/wallboard.py" line="193"/>
        <source>The figures below are from %1 MSK.</source>
        <translation>Показатели ниже — на %1 МСК.</translation>
    </message>
    <message>
        <location filename="../../ui/wallboard.py" line="215"/>
        <source>Updated at %1 MSK</source>
        <translation>Обновлено в %1 МСК</translation>
    </message>
    <message>
        <location filename="../../ui/wallboard.py" line="230"/>
        <source>Wallboard</source>
        <translation>Табло</translation>
    </message>
    <message>
        <location filename="../../ui/wallboard.py" line="232"/>
        <source>Calls in progress</source>
        <translation>Звонков сейчас</translation>
    </message>
    <message>
        <location filename="../../ui/wallboard.py" line="237"/>
        <source>Longest wait</source>
        <translation>Самое долгое ожидание</translation>
    </message>
    <message>
        <location filename="../../ui/wallboard.py" line="238"/>
        <source>Service level today</source>
        <translation>Уровень обслуживания сегодня</translation>
    </message>
    <message>
        <location filename="../../ui/wallboard.py" line="243"/>
        <source>Operator</source>
        <translation>Оператор</translation>
    </message>
    <message>
        <location filename="../../ui/wallboard.py" line="243"/>
        <source>State</source>
        <translation>Состояние</translation>
    </message>
    <message>
        <location filename="../../ui/wallboard.py" line="243"/>
        <source>For</source>
        <translation>Длительность</translation>
    </message>
    <message>
        <location filename="../../ui/wallboard.py" line="246"/>
        <source>Reading…</source>
        <translation>Загрузка…</translation>
    </message>
</context>
<context>
    <name>Workspace</name>
    <message>
        <location filename="../../ui/workspace.py" line="116"/>
        <source>missed</source>
        <translation>пропущен</translation>
    </message>
    <message>
        <location filename="../../ui/workspace.py" line="129"/>
        <source>Verification</source>
        <translation>Проверка</translation>
    </message>
    <message>
        <location filename="../../ui/workspace.py" line="129"/>
        <source>Ticket</source>
        <translation>Обращение</translation>
    </message>
    <message>
        <location filename="../../ui/workspace.py" line="129"/>
        <source>History</source>
        <translation>История</translation>
    </message>
    <message>
        <location filename="../../ui/workspace.py" line="130"/>
        <source>Application</source>
        <translation>Заявка</translation>
    </message>
    <message>
        <location filename="../../ui/workspace.py" line="130"/>
        <source>Portal requests</source>
        <translation>Запросы с портала</translation>
    </message>
    <message>
        <location filename="../../ui/workspace.py" line="136"/>
        <source>Caller verification (full name, SNILS, INN, passport, security question) will be done here during a call.</source>
        <translation>Здесь во время звонка будет проверка личности звонящего (ФИО, СНИЛС, ИНН, паспорт, контрольный вопрос).</translation>
    </message>
    <message>
        <location filename="../../ui/workspace.py" line="142"/>
        <source>The ticket form will be here: the case, its category and the number you dictate to the caller.</source>
        <translation>Здесь будет форма обращения: суть вопроса, категория и номер, который вы продиктуете звонящему.</translation>
    </message>
    <message>
        <location filename="../../ui/workspace.py" line="147"/>
        <source>Time (MSK)</source>
        <translation>Время (МСК)</translation>
    </message>
    <message>
        <location filename="../../ui/workspace.py" line="147"/>
        <source>Line</source>
        <translation>Линия</translation>
    </message>
    <message>
        <location filename="../../ui/workspace.py" line="147"/>
        <source>Caller</source>
        <translation>Звонящий</translation>
    </message>
    <message>
        <location filename="../../ui/workspace.py" line="147"/>
        <source>Duration</source>
        <translation>Длительность</translation>
    </message>
    <message>
        <location filename="../../ui/workspace.py" line="149"/>
        <source>No calls yet on this desk.</source>
        <translation>На этом рабочем месте ещё не было звонков.</translation>
    </message>
    <message>
        <location filename="../../ui/workspace.py" line="151"/>
        <source>Phone number: that caller&apos;s calls (Enter on a call opens its ticket)</source>
        <translation>Номер телефона: звонки этого абонента (Enter на звонке открывает его обращение)</translation>
    </message>
    <message>
        <location filename="../../ui/workspace.py" line="153"/>
        <source>Calls</source>
        <translation>Звонки</translation>
    </message>
    <message>
        <location filename="../../ui/workspace.py" line="155"/>
        <source>Tickets</source>
        <translation>Обращения</translation>
    </message>
</context>
<context>
    <name>WrapUpPanel</name>
    <message>
        <location filename="../../ui/wrapup_panel.py" line="126"/>
        <source>After-call work: %1</source>
        <translation>Обработка после звонка: %1</translation>
    </message>
    <message>
        <location filename="../../ui/wrapup_panel.py" line="130"/>
        <source>Ticket number for the caller</source>
        <translation>Номер обращения для звонящего</translation>
    </message>
    <message>
        <location filename="../../ui/wrapup_panel.py" line="131"/>
        <source>Send the number to the caller by SMS</source>
        <translation>Отправить номер звонящему по SMS</translation>
    </message>
    <message>
        <location filename="../../ui/wrapup_panel.py" line="133"/>
        <source>Pick how the call ended (digit or arrows, then Enter); then F5 for Ready.</source>
        <translation>Выберите итог звонка (цифра или стрелки, затем Enter); потом F5 — «Готов».</translation>
    </message>
</context>
</TS>
