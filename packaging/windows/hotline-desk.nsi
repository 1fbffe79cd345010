; The Windows installer for Hotline Desk (NSIS 3): a per-machine install of the one-folder
; bundle (dist\hotline-desk from packaging/hotline-desk.spec), a Start menu entry, an
; uninstaller registered in Add/Remove Programs, and the tel:, callto:, sip: and sips: URL
; handlers, so a clicked link opens the desk with the number in the dial field.
;
;   makensis /DVERSION=0.1.0 /DBUNDLE=..\..\dist\hotline-desk /DOUT=..\..\dist\hotline-desk-0.1.0-setup.exe hotline-desk.nsi
;
; CI checks the script with Debian's makensis on the Linux bundle as a stand-in payload
; (docs/packaging.md); the real installer is built on a Windows runner
; (.github/workflows/windows.yml).

Unicode true
!include "MUI2.nsh"

!ifndef VERSION
  !define VERSION "0.1.0"
!endif
!ifndef BUNDLE
  !define BUNDLE "..\..\dist\hotline-desk"
!endif
!ifndef OUT
  !define OUT "hotline-desk-${VERSION}-setup.exe"
!endif
!ifndef EXE
  !define EXE "hotline-desk.exe"
!endif

!define APP "Hotline Desk"
!define UNINSTALL_KEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\HotlineDesk"

Name "${APP} ${VERSION}"
OutFile "${OUT}"
InstallDir "$PROGRAMFILES64\${APP}"
InstallDirRegKey HKLM "Software\HotlineDesk" "InstallDir"
RequestExecutionLevel admin
SetCompressor /SOLID lzma

!insertmacro MUI_PAGE_DIRECTORY
!insertmacro MUI_PAGE_INSTFILES
!insertmacro MUI_UNPAGE_CONFIRM
!insertmacro MUI_UNPAGE_INSTFILES
!insertmacro MUI_LANGUAGE "Russian"
!insertmacro MUI_LANGUAGE "English"

; A URL scheme that opens the desk: "hotline-desk.exe" "tel:+7…" hands the link over.
!macro UrlHandler SCHEME
  WriteRegStr HKLM "Software\Classes\${SCHEME}" "" "URL:${SCHEME}"
  WriteRegStr HKLM "Software\Classes\${SCHEME}" "URL Protocol" ""
  WriteRegStr HKLM "Software\Classes\${SCHEME}\DefaultIcon" "" "$INSTDIR\${EXE},0"
  WriteRegStr HKLM "Software\Classes\${SCHEME}\shell\open\command" "" '"$INSTDIR\${EXE}" "%1"'
!macroend
!macro RemoveUrlHandler SCHEME
  DeleteRegKey HKLM "Software\Classes\${SCHEME}"
!macroend

Section "Install"
  SetShellVarContext all
  SetOutPath "$INSTDIR"
  File /r "${BUNDLE}\*.*"
  WriteUninstaller "$INSTDIR\uninstall.exe"
  WriteRegStr HKLM "Software\HotlineDesk" "InstallDir" "$INSTDIR"
  CreateDirectory "$SMPROGRAMS\${APP}"
  CreateShortCut "$SMPROGRAMS\${APP}\${APP}.lnk" "$INSTDIR\${EXE}"
  CreateShortCut "$SMPROGRAMS\${APP}\Uninstall ${APP}.lnk" "$INSTDIR\uninstall.exe"
  !insertmacro UrlHandler "tel"
  !insertmacro UrlHandler "callto"
  !insertmacro UrlHandler "sip"
  !insertmacro UrlHandler "sips"
  WriteRegStr HKLM "${UNINSTALL_KEY}" "DisplayName" "${APP}"
  WriteRegStr HKLM "${UNINSTALL_KEY}" "DisplayVersion" "${VERSION}"
  WriteRegStr HKLM "${UNINSTALL_KEY}" "Publisher" "Hotline Desk team"
  WriteRegStr HKLM "${UNINSTALL_KEY}" "DisplayIcon" "$INSTDIR\${EXE},0"
  WriteRegStr HKLM "${UNINSTALL_KEY}" "UninstallString" '"$INSTDIR\uninstall.exe"'
  WriteRegDWORD HKLM "${UNINSTALL_KEY}" "NoModify" 1
  WriteRegDWORD HKLM "${UNINSTALL_KEY}" "NoRepair" 1
SectionEnd

Section "Uninstall"
  SetShellVarContext all
  !insertmacro RemoveUrlHandler "tel"
  !insertmacro RemoveUrlHandler "callto"
  !insertmacro RemoveUrlHandler "sip"
  !insertmacro RemoveUrlHandler "sips"
  Delete "$SMPROGRAMS\${APP}\${APP}.lnk"
  Delete "$SMPROGRAMS\${APP}\Uninstall ${APP}.lnk"
  RMDir "$SMPROGRAMS\${APP}"
  RMDir /r "$INSTDIR"
  DeleteRegKey HKLM "${UNINSTALL_KEY}"
  DeleteRegKey HKLM "Software\HotlineDesk"
SectionEnd
