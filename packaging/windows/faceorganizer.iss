; Inno Setup script: a Windows installer for the one-folder app that packaging/faceorganizer.spec builds.
; On Windows, from the repo root:
;   py -m venv build\venv && build\venv\Scripts\pip install ".[package]"
;   build\venv\Scripts\pyinstaller --noconfirm --distpath dist --workpath build\pyinstaller packaging\faceorganizer.spec
;   iscc /DAppVersion=0.1.0 packaging\windows\faceorganizer.iss      (version: faceorganizer\__init__.py)
; Output: dist\faceorganizer-<version>-setup.exe (per-user install by default; no admin rights needed).

#ifndef AppVersion
  #define AppVersion "0.1.0"
#endif

[Setup]
AppId={{6F1B7C52-4E0A-4C39-9E8B-FACE0A9A1B01}
AppName=Faceorganizer
AppVersion={#AppVersion}
AppPublisher=faceorganizer
DefaultDirName={autopf}\Faceorganizer
DefaultGroupName=Faceorganizer
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
OutputDir=..\..\dist
OutputBaseFilename=faceorganizer-{#AppVersion}-setup
SetupIconFile=..\..\resources\icons\faceorganizer.ico
UninstallDisplayIcon={app}\faceorganizer-gui.exe
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
ChangesEnvironment=yes

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked
Name: "addtopath"; Description: "Add the faceorganizer command to PATH"; Flags: unchecked

[Files]
; The whole PyInstaller folder: faceorganizer.exe (console), faceorganizer-gui.exe (windowed), _internal\
Source: "..\..\dist\faceorganizer\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{group}\Faceorganizer"; Filename: "{app}\faceorganizer-gui.exe"
Name: "{group}\Uninstall Faceorganizer"; Filename: "{uninstallexe}"
Name: "{autodesktop}\Faceorganizer"; Filename: "{app}\faceorganizer-gui.exe"; Tasks: desktopicon

[Registry]
Root: HKCU; Subkey: "Environment"; ValueType: expandsz; ValueName: "Path"; ValueData: "{olddata};{app}"; \
    Tasks: addtopath; Check: NeedsAddPath(ExpandConstant('{app}'))

[Run]
Filename: "{app}\faceorganizer-gui.exe"; Description: "{cm:LaunchProgram,Faceorganizer}"; Flags: nowait postinstall skipifsilent

[Code]
function NeedsAddPath(Dir: string): Boolean;
var
  Path: string;
begin
  if not RegQueryStringValue(HKEY_CURRENT_USER, 'Environment', 'Path', Path) then
  begin
    Result := True;
    exit;
  end;
  Result := Pos(';' + Uppercase(Dir) + ';', ';' + Uppercase(Path) + ';') = 0;
end;
