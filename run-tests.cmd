@echo off
rem Runs every test of Tether, like ./run-tests: finds a JDK 21+ (scripts\jdk.ps1), installs the npm test packages
rem once, then runs Maven. Needs Maven and Node.js on PATH, and Windows PowerShell.
setlocal
cd /d "%~dp0"
set "TETHER_JDK="
for /f "usebackq tokens=1,* delims==" %%a in (`powershell -NoProfile -NonInteractive -ExecutionPolicy Bypass -File "%~dp0scripts\jdk.ps1" -Root "%~dp0."`) do set "%%a=%%b"
if not defined TETHER_JDK exit /b 1
set "PATH=%JAVA_HOME%\bin;%PATH%"
for /f "delims=" %%f in ('git ls-files "*/package-lock.json"') do (
  for %%d in ("%%~dpf.") do (
    if not exist "%%~fd\node_modules" call npm ci --prefix "%%~fd" --no-audit --no-fund --loglevel=error || exit /b 1
  )
)
mvn -B -ntp verify %*
