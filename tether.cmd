@echo off
rem Starts Tether: builds it first when the jar is missing (or TETHER_REBUILD=1), then runs it from here.
rem Usage: tether.cmd [--config FILE] [--port N] [--model PATH]
rem Needs a JDK 21+ (JAVA_HOME or java on PATH) and Maven on PATH.
setlocal
set "ROOT=%~dp0"
set "JAR=%ROOT%tether-server\target\tether-server.jar"
set "JAVA=java"
if defined JAVA_HOME set "JAVA=%JAVA_HOME%\bin\java"
if not exist "%JAR%" set "TETHER_REBUILD=1"
if "%TETHER_REBUILD%"=="1" (
  echo Building Tether ^(tests skipped; run run-tests.cmd for them^)... 1>&2
  call mvn -q -B -ntp -f "%ROOT%pom.xml" -pl tether-server -am -DskipTests package 1>&2 || exit /b 1
)
"%JAVA%" -XX:+ExitOnOutOfMemoryError -jar "%JAR%" %*
