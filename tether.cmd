@echo off
rem Starts Tether: finds a JDK 21+ and decides whether to build (scripts\jdk.ps1: the jar is missing or older than
rem a source, or TETHER_REBUILD=1), builds if so, then runs it from here. Like ./tether on Linux and macOS.
rem Usage: tether.cmd [--config FILE] [--port N] [--model PATH]
rem Needs a JDK 21+ (JAVA_HOME, java on PATH, or an installed one), Maven on PATH to build, and Windows PowerShell.
setlocal
set "ROOT=%~dp0"
set "JAR=%ROOT%tether-server\target\tether-server.jar"
set "TETHER_JDK="
set "TETHER_BUILD="
for /f "usebackq tokens=1,* delims==" %%a in (`powershell -NoProfile -NonInteractive -ExecutionPolicy Bypass -File "%ROOT%scripts\jdk.ps1" -Root "%ROOT%." -Jar "%JAR%"`) do set "%%a=%%b"
if not defined TETHER_JDK exit /b 1
if not defined TETHER_BUILD exit /b 1
set "PATH=%JAVA_HOME%\bin;%PATH%"
if "%TETHER_BUILD%"=="1" (
  where mvn >nul 2>nul || (
    echo Building Tether needs Maven 3.9+ on PATH: https://maven.apache.org/download.cgi ^(unzip it, add its bin folder to PATH^). 1>&2
    exit /b 1
  )
  call mvn -q -B -ntp -f "%ROOT%pom.xml" -pl tether-server -am -DskipTests package 1>&2 || exit /b 1
)
rem an out-of-memory error ends the process instead of leaving a server that no longer listens
"%JAVA_HOME%\bin\java.exe" -XX:+ExitOnOutOfMemoryError -jar "%JAR%" %*
exit /b %ERRORLEVEL%
