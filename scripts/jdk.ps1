# Windows twin of scripts/jdk.sh (and of ./tether's rebuild rule), for tether.cmd and run-tests.cmd.
# Finds a JDK 21+ (JAVA_HOME if it is one, else java on PATH or an installed JDK, the machine's own architecture
# first) and, given -Jar, says whether Tether must be built: the jar is missing, TETHER_REBUILD=1, or a pom.xml or a
# file under */src/main is newer than the jar. Prints NAME=VALUE lines for the .cmd to set (JAVA_HOME, TETHER_JDK,
# and with -Jar TETHER_BUILD=1 or 0); everything meant for people goes to stderr. Exit 1 when no JDK 21+ is found.
# Runs on Windows PowerShell 5.1 (part of Windows 10 and 11) and PowerShell 7.
param(
    [Parameter(Mandatory = $true)] [string] $Root,
    [string] $Jar = ''
)
$ErrorActionPreference = 'Stop'
$MinMajor = 21
$ArmJdkHint = 'Get an Arm64 JDK: winget install Microsoft.OpenJDK.21 (it installs the Arm64 build on Arm64 ' +
        'Windows), or the Temurin 21 "Windows aarch64" JDK from https://adoptium.net; then set JAVA_HOME to it.'

function Say([string] $text) { [Console]::Error.WriteLine($text) }

function Get-Arch([string] $name) {
    switch -regex ("$name".ToLowerInvariant()) {
        '^(aarch64|arm64)$' { return 'arm64' }
        '^(x86_64|amd64|x64)$' { return 'x64' }
        default { return "$name".ToLowerInvariant() }
    }
}

# The major version in JAVA_VERSION: "21.0.5" -> 21, "1.8.0_402" -> 8.
function Get-Major([string] $version) {
    if ($version -match '^1\.(\d+)') { return [int]$Matches[1] }
    if ($version -match '^(\d+)') { return [int]$Matches[1] }
    return 0
}

# The machine's architecture, not this process's: an x64 program emulated on Arm64 Windows sees AMD64 in its own
# PROCESSOR_ARCHITECTURE, while the system environment in the registry keeps ARM64.
function Get-MachineArch {
    $arch = $env:PROCESSOR_ARCHITECTURE
    if ($env:PROCESSOR_ARCHITEW6432) { $arch = $env:PROCESSOR_ARCHITEW6432 }
    try {
        $key = 'HKLM:\SYSTEM\CurrentControlSet\Control\Session Manager\Environment'
        $system = (Get-ItemProperty -LiteralPath $key -Name PROCESSOR_ARCHITECTURE).PROCESSOR_ARCHITECTURE
        if ($system) { $arch = $system }
    } catch { }
    return Get-Arch $arch
}

# A JDK's version and architecture from its release file (JAVA_VERSION="21.0.5", OS_ARCH="aarch64"), else from
# java -XshowSettings; $null when $folder holds no bin\java.exe.
function Read-Jdk([string] $folder) {
    if (-not $folder) { return $null }
    $java = Join-Path $folder 'bin\java.exe'
    if (-not (Test-Path -LiteralPath $java -PathType Leaf)) { return $null }
    $version = ''
    $arch = ''
    $release = Join-Path $folder 'release'
    if (Test-Path -LiteralPath $release -PathType Leaf) {
        foreach ($line in Get-Content -LiteralPath $release) {
            if ($line -match '^JAVA_VERSION="([^"]+)"') { $version = $Matches[1] }
            elseif ($line -match '^OS_ARCH="([^"]+)"') { $arch = $Matches[1] }
        }
    }
    if (-not $version) {
        # its settings go to stderr, read directly (PowerShell 5.1 would take redirected lines for errors)
        $start = New-Object System.Diagnostics.ProcessStartInfo $java, '-XshowSettings:properties -version'
        $start.UseShellExecute = $false
        $start.RedirectStandardError = $true
        $start.CreateNoWindow = $true
        $process = [System.Diagnostics.Process]::Start($start)
        $settings = $process.StandardError.ReadToEnd() -split "`r?`n"
        $process.WaitForExit()
        foreach ($line in $settings) {
            if ($line -match '^\s*java\.version = (.+)$') { $version = $Matches[1].Trim() }
            elseif ($line -match '^\s*os\.arch = (.+)$') { $arch = $Matches[1].Trim() }
        }
    }
    if (-not $version) { return $null }
    return [pscustomobject]@{
        Home = (Resolve-Path -LiteralPath $folder).Path; Version = $version; Major = (Get-Major $version)
        Arch = (Get-Arch $arch)
    }
}

# Where JDKs are: JAVA_HOME, java on PATH, and the folders the usual installers (winget, MSI, IntelliJ) use.
function Get-JdkFolders {
    $folders = New-Object System.Collections.Generic.List[string]
    if ($env:JAVA_HOME) { $folders.Add($env:JAVA_HOME) }
    $onPath = Get-Command java.exe -CommandType Application -ErrorAction SilentlyContinue | Select-Object -First 1
    if ($onPath) { $folders.Add((Split-Path (Split-Path $onPath.Path))) }
    $bases = @($env:ProgramFiles, $env:ProgramW6432, ${env:ProgramFiles(x86)})
    if ($env:LOCALAPPDATA) { $bases += (Join-Path $env:LOCALAPPDATA 'Programs') }
    $vendors = @('Java', 'Eclipse Adoptium', 'Microsoft', 'Zulu', 'BellSoft', 'Amazon Corretto', 'Semeru', 'OpenJDK')
    foreach ($base in ($bases | Where-Object { $_ } | Select-Object -Unique)) {
        foreach ($vendor in $vendors) {
            $dir = Join-Path $base $vendor
            if (Test-Path -LiteralPath $dir -PathType Container) {
                Get-ChildItem -LiteralPath $dir -Directory | ForEach-Object { $folders.Add($_.FullName) }
            }
        }
    }
    if ($env:USERPROFILE -and (Test-Path -LiteralPath (Join-Path $env:USERPROFILE '.jdks'))) {
        Get-ChildItem -LiteralPath (Join-Path $env:USERPROFILE '.jdks') -Directory | ForEach-Object { $folders.Add($_.FullName) }
    }
    return $folders
}

$machine = Get-MachineArch
$jdks = @(Get-JdkFolders | ForEach-Object { Read-Jdk $_ } | Where-Object { $_ } | Sort-Object Home -Unique)
$fit = @($jdks | Where-Object { $_.Major -ge $MinMajor })
$chosen = $null
$fromJavaHome = Read-Jdk $env:JAVA_HOME
if ($fromJavaHome -and $fromJavaHome.Major -ge $MinMajor) {
    $chosen = $fromJavaHome  # the user's choice stands
} elseif ($fit.Count -gt 0) {
    $chosen = $fit | Sort-Object @{ Expression = { $_.Arch -eq $machine }; Descending = $true },
            @{ Expression = { $_.Major }; Descending = $true } | Select-Object -First 1
}
if (-not $chosen) {
    Say "Tether needs a JDK $MinMajor or newer and found none."
    foreach ($jdk in $jdks) { Say "  found Java $($jdk.Version) ($($jdk.Arch)) at $($jdk.Home): too old" }
    Say '  Install one with:  winget install Microsoft.OpenJDK.21'
    Say '  (or EclipseAdoptium.Temurin.21.JDK), then open a new terminal, or set JAVA_HOME to a JDK 21+.'
    exit 1
}
if ($env:JAVA_HOME -and -not ($fromJavaHome -and $fromJavaHome.Major -ge $MinMajor)) {
    Say "JAVA_HOME ($env:JAVA_HOME) is not a JDK $MinMajor+; using the one below instead."
}
Say "Using Java $($chosen.Version) ($($chosen.Arch)) at $($chosen.Home)"
if ($machine -eq 'arm64' -and $chosen.Arch -eq 'x64') {
    Say 'WARNING: this is an x64 JDK on an Arm64 machine: Windows emulates it, and Tether runs much slower.'
    $native = $fit | Where-Object { $_.Arch -eq 'arm64' } | Select-Object -First 1
    if ($native) { Say "  An Arm64 JDK is installed at $($native.Home): set JAVA_HOME to it." }
    else { Say "  $ArmJdkHint" }
}
"JAVA_HOME=$($chosen.Home)"
"TETHER_JDK=$($chosen.Version) ($($chosen.Arch))"

if ($Jar) {
    $why = ''
    if ($env:TETHER_REBUILD -eq '1') { $why = 'TETHER_REBUILD=1' }
    elseif (-not (Test-Path -LiteralPath $Jar -PathType Leaf)) { $why = 'first run' }
    else {
        # the same rule as ./tether: a pom.xml or a file under */src/main newer than the jar
        $built = (Get-Item -LiteralPath $Jar).LastWriteTimeUtc
        $sources = @(Get-Item -LiteralPath (Join-Path $Root 'pom.xml'))
        foreach ($module in Get-ChildItem -LiteralPath $Root -Directory) {
            $pom = Join-Path $module.FullName 'pom.xml'
            if (Test-Path -LiteralPath $pom -PathType Leaf) { $sources += Get-Item -LiteralPath $pom }
            $main = Join-Path $module.FullName 'src\main'
            if (Test-Path -LiteralPath $main -PathType Container) {
                $sources += Get-ChildItem -LiteralPath $main -Recurse -File
            }
        }
        $newer = $sources | Where-Object { $_.LastWriteTimeUtc -gt $built } | Select-Object -First 1
        if ($newer) { $why = "$($newer.FullName) changed" }
    }
    if ($why) { Say "Building Tether ($why; tests skipped, run run-tests.cmd for them)..." }
    "TETHER_BUILD=$(if ($why) { '1' } else { '0' })"
}
