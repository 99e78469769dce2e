@echo off
rem Runs every test of Tether (needs a JDK 21+ in JAVA_HOME, Maven and Node.js on PATH).
setlocal
cd /d "%~dp0"
for /f "delims=" %%f in ('git ls-files "*/package-lock.json"') do (
  for %%d in ("%%~dpf.") do (
    if not exist "%%~fd\node_modules" call npm ci --prefix "%%~fd" --no-audit --no-fund --loglevel=error || exit /b 1
  )
)
mvn -B -ntp verify %*
