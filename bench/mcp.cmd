@echo off
rem tools/call round trips of get_current_time over stdio and over Streamable HTTP (/mcp): calls/s, p50, p99.
rem Usage: bench\mcp.cmd [CALLS=5000] [WARMUP=2000] [HTTP_CLIENTS=8]
setlocal
cd /d "%~dp0.."
set "CP_FILE=%CD%\tether-mcp\target\bench-classpath.txt"
call mvn -q -B -ntp -pl tether-mcp -am test-compile dependency:build-classpath -DskipTests -Dmdep.includeScope=test "-Dmdep.outputFile=%CP_FILE%" 1>&2 || exit /b 1
set /p DEPS=<"%CP_FILE%"
java -cp "tether-mcp\target\test-classes;tether-mcp\target\classes;%DEPS%" dev.tether.mcp.bench.McpBench %*
