using System.Collections.Frozen;

namespace Reconciler.Core.Rules;

/// <summary>
/// Shell commands known to need nothing from the GITHUB_TOKEN: file and text utilities, installers,
/// builds, tests and linters. Data, one line per tool, so a reviewer can check it. A command that is
/// not listed here (a repository script, <c>make</c>, <c>gh</c>, <c>git push</c>, a release tool, a
/// registry upload, <c>npm run release</c>) may need anything, and its job keeps its grant.
/// </summary>
public static class NoTokenCommands
{
    /// <summary>Words that only introduce the command after them.</summary>
    private static readonly FrozenSet<string> Prefixes = FrozenSet.Create(StringComparer.Ordinal,
        "if", "then", "else", "elif", "do", "while", "until", "!", "time", "nohup", "command", "exec", "sudo", "{", "}");

    /// <summary>Commands that need no token whatever their arguments (a token they are handed is caught separately).</summary>
    private static readonly FrozenSet<string> AnyArguments = FrozenSet.Create(StringComparer.Ordinal,
        // shell built-ins and the end of compound commands
        "echo", "printf", "cd", "pushd", "popd", "pwd", "export", "set", "unset", "shift", "exit", "return", "true", "false",
        ":", "test", "[", "[[", "]]", "read", "wait", "local", "declare", "readonly", "let", "umask", "ulimit", "type", "hash",
        "fi", "done", "esac", "for", "case", "in", "select", "trap", "shopt", "printenv",
        // files and text
        "ls", "cat", "head", "tail", "cp", "mv", "rm", "mkdir", "rmdir", "touch", "chmod", "chown", "ln", "grep", "egrep",
        "fgrep", "rg", "sed", "awk", "cut", "sort", "uniq", "wc", "tr", "tee", "sleep", "date", "which", "basename", "dirname",
        "realpath", "readlink", "du", "df", "stat", "file", "tar", "zip", "unzip", "gzip", "gunzip", "xz", "sha256sum",
        "sha512sum", "sha1sum", "shasum", "md5sum", "base64", "jq", "yq", "diff", "cmp", "whoami", "uname", "hostname", "id",
        "nproc", "free", "tree", "mktemp", "seq", "expr", "column", "paste", "rev", "fold", "nl", "xxd", "od", "envsubst",
        "gpg", "openssl", "pyproject-build",
        // downloads and system packages
        "curl", "wget", "apt-get", "apt", "brew", "choco", "yum", "dnf", "apk", "sdk", "corepack",
        // compilers, test runners and linters
        "tsc", "jest", "vitest", "mocha", "eslint", "prettier", "biome", "tsup", "pytest", "tox", "nox", "mypy", "ruff",
        "black", "flake8", "pylint", "isort", "coverage", "pyright", "bandit", "gofmt", "golangci-lint", "staticcheck",
        "rustc", "rustfmt", "rustup", "cibuildwheel", "rspec", "rubocop", "standardrb", "javac", "java", "phpunit", "shellcheck", "actionlint",
        "swiftc", "cmake", "ctest", "ninja", "msbuild", "protoc", "buf");

    /// <summary>Tools whose first argument that isn't an option decides (the listed subcommands need no token).</summary>
    private static readonly FrozenDictionary<string, FrozenSet<string>> Subcommands = new Dictionary<string, string[]>(StringComparer.Ordinal)
    {
        ["npm"] = ["ci", "install", "i", "test", "t", "pack", "ls", "list", "audit", "outdated", "prune", "rebuild", "cache", "config", "view", "info", "root", "prefix", "doctor"],
        ["yarn"] = ["install", "test", "build", "lint", "config", "cache", "info", "list", "why", "check"],
        ["pnpm"] = ["install", "i", "test", "t", "build", "lint", "fetch", "config", "store", "list", "ls", "why", "audit"],
        ["bun"] = ["install", "i", "test", "build"],
        ["pip"] = ["install", "download", "wheel", "freeze", "list", "show", "check", "cache", "config", "index"],
        ["pipx"] = ["install", "list", "ensurepath"],
        ["poetry"] = ["install", "build", "check", "lock", "config", "show", "env", "self", "sync", "debug", "source", "add"],
        ["uv"] = ["sync", "pip", "build", "lock", "venv", "python", "export", "tree", "tool", "cache"],
        ["hatch"] = ["build", "test", "env", "fmt"],
        ["pdm"] = ["install", "sync", "build", "lock"],
        ["rye"] = ["sync", "build", "test", "lint", "fmt", "pin", "toolchain"],
        ["dotnet"] = ["restore", "build", "test", "pack", "publish", "format", "clean", "tool", "workload", "sln", "new", "--info", "--version", "--list-sdks"],
        ["nuget"] = ["restore", "install"],
        ["go"] = ["build", "test", "vet", "mod", "fmt", "version", "env", "list", "install", "get", "work"],
        ["cargo"] = ["build", "test", "check", "clippy", "fmt", "doc", "package", "fetch", "install", "tree", "metadata", "update", "nextest", "llvm-cov", "deny", "audit", "generate-lockfile"],
        ["bundle"] = ["install", "config", "lock", "check", "list", "binstubs"],
        ["gem"] = ["install", "build", "list", "env", "update", "sources"],
        ["rake"] = ["test", "spec", "build", "rubocop", "compile"],
        ["git"] = ["status", "diff", "log", "config", "fetch", "pull", "checkout", "switch", "rev-parse", "describe", "show", "clone", "submodule", "add", "commit", "ls-files", "reset", "clean", "stash", "init", "rev-list", "merge-base", "lfs"],
        ["docker"] = ["build", "images", "version", "info", "ps"],
        ["composer"] = ["install", "validate", "dump-autoload"],
        ["swift"] = ["build", "test", "package"],
        ["node"] = ["--version", "-v", "-e", "-p"],
        ["python"] = ["-c", "-", "--version", "-V"],
        ["bash"] = ["-s", "-"],
        ["sh"] = ["-s", "-"],
    }.ToFrozenDictionary(e => e.Key, e => e.Value.ToFrozenSet(StringComparer.Ordinal), StringComparer.Ordinal);

    /// <summary>Tools that run another command: the rest of the line is judged as a command of its own.</summary>
    private static readonly FrozenDictionary<string, string> Runners = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["poetry"] = "run",
        ["uv"] = "run",
        ["bundle"] = "exec",
        ["pnpm"] = "exec",
        ["yarn"] = "exec",
        ["npm"] = "exec",
        ["pipx"] = "run",
        ["hatch"] = "run",
    }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>Tools that run a package's command by name, like a runner without a subcommand.</summary>
    private static readonly FrozenSet<string> PackageRunners = FrozenSet.Create(StringComparer.Ordinal, "npx", "pnpx", "bunx", "uvx");

    /// <summary>Python modules run with <c>python -m</c> that are themselves known commands.</summary>
    private static readonly FrozenSet<string> PythonModules = FrozenSet.Create(StringComparer.Ordinal,
        "pip", "build", "pytest", "venv", "virtualenv", "mypy", "unittest", "tox", "nox", "ruff", "black", "flake8", "pylint", "isort", "coverage", "pyright", "poetry", "uv", "pipx");

    /// <summary>package.json script names that build, test or lint by convention (<c>npm run build</c>, <c>yarn test:unit</c>).</summary>
    private static readonly FrozenSet<string> ScriptNames = FrozenSet.Create(StringComparer.Ordinal,
        "build", "test", "tests", "lint", "compile", "format", "fmt", "typecheck", "type-check", "check", "check-types", "ci", "coverage", "clean", "prettier", "eslint", "tsc");

    /// <summary>Maven phases and Gradle tasks that build and test but never deploy or publish.</summary>
    private static readonly FrozenSet<string> BuildGoals = FrozenSet.Create(StringComparer.Ordinal,
        "clean", "compile", "test", "test-compile", "package", "verify", "install", "validate", "build", "assemble", "check",
        "compileJava", "compileKotlin", "compileTestJava", "javadoc", "jar", "shadowJar", "spotlessCheck", "spotlessApply",
        "dependencies", "tasks", "lint", "ktlintCheck", "detekt", "jacocoTestReport", "--version");

    /// <summary>Whether the command (its words, as <see cref="ShellCommands"/> splits them) needs nothing from the token.</summary>
    public static bool NeedNoToken(IReadOnlyList<string> words) => Known(words, 0, depth: 0);

    private static bool Known(IReadOnlyList<string> words, int start, int depth)
    {
        var i = start;
        while (i < words.Count && (Prefixes.Contains(words[i]) || IsAssignment(words[i]) || (words[i] == "env" && i + 1 < words.Count)))
        {
            i++;
        }

        if (i == words.Count)
        {
            return true; // only assignments
        }

        if (depth > 4)
        {
            return false;
        }

        var name = Normalise(words[i]);
        if (AnyArguments.Contains(name))
        {
            return true;
        }

        if (name == "find")
        {
            return !words.Skip(i + 1).Any(w => w is "-exec" or "-execdir" or "-ok" or "-okdir"); // -exec runs any command
        }

        if (depth > 0 && PythonModules.Contains(name) && !Subcommands.ContainsKey(name))
        {
            return true; // pipx run build, uvx pytest: a known tool run by name
        }

        if (PackageRunners.Contains(name))
        {
            return Known(words, FirstArgument(words, i + 1), depth + 1);
        }

        if (name is "mvn" or "gradle")
        {
            // Every goal or task has to be a build one; options and their values (-D…, -P…, -pl x) don't decide.
            // publishToMavenLocal writes to a local folder, not a registry.
            var goals = words.Skip(i + 1).Where(w => !w.StartsWith('-') && !w.Contains('=', StringComparison.Ordinal)).Select(w => w[(w.LastIndexOf(':') + 1)..]).ToList();
            return goals.All(g => BuildGoals.Contains(g) || (g.StartsWith("publish", StringComparison.Ordinal) && g.EndsWith("ToMavenLocal", StringComparison.Ordinal)))
                && !words.Skip(i + 1).Where(w => !w.EndsWith("ToMavenLocal", StringComparison.Ordinal))
                    .Any(w => w.Contains("deploy", StringComparison.OrdinalIgnoreCase) || w.Contains("publish", StringComparison.OrdinalIgnoreCase) || w.Contains("release", StringComparison.OrdinalIgnoreCase));
        }

        var first = FirstArgument(words, i + 1);
        var sub = first < words.Count ? words[first] : null;
        if (name == "python" && i + 1 < words.Count && words[i + 1] == "-m" && i + 2 < words.Count)
        {
            var module = words[i + 2];
            return PythonModules.Contains(module) && (!Subcommands.ContainsKey(module) || Known([.. words.Skip(i + 2)], 0, depth + 1));
        }

        if (name is "python" or "node" or "bash" or "sh")
        {
            // A file argument is a repository script; only inline code, stdin and version queries are known.
            return i + 1 == words.Count ? name is "bash" or "sh" or "python" : Subcommands[name].Contains(words[i + 1]);
        }

        if (sub is not null && Runners.TryGetValue(name, out var run) && sub == run)
        {
            return Known(words, FirstArgument(words, first + 1), depth + 1);
        }

        if (name is "npm" or "pnpm" or "yarn" or "bun" && sub is "run" or "run-script")
        {
            var script = FirstArgument(words, first + 1);
            return script < words.Count && IsBuildScript(words[script]);
        }

        if (name == "yarn" && (sub is null || IsBuildScript(sub)))
        {
            return true; // bare yarn installs; yarn <script> runs a package.json script
        }

        if (name is "pnpm" or "bun" && sub is not null && IsBuildScript(sub))
        {
            return true;
        }

        if (name == "bundle" && sub is null)
        {
            return true; // bare bundle installs
        }

        if (name == "docker" && words.Skip(i + 1).Any(w => w.StartsWith("--push", StringComparison.Ordinal)))
        {
            return false;
        }

        return sub is not null && Subcommands.TryGetValue(name, out var allowed) && allowed.Contains(sub);
    }

    /// <summary><c>python3.12</c> → python, <c>./gradlew</c> → gradle, <c>pip3</c> → pip; any other path stays a path (a repository script).</summary>
    private static string Normalise(string word)
    {
        var bare = word.StartsWith("./", StringComparison.Ordinal) ? word[2..] : word;
        return bare switch
        {
            "gradlew" or "gradlew.bat" => "gradle",
            "mvnw" or "mvnw.cmd" => "mvn",
            _ when word.StartsWith("./", StringComparison.Ordinal) => word,
            _ when word.StartsWith("python", StringComparison.Ordinal) && word[6..].All(c => char.IsAsciiDigit(c) || c == '.') => "python",
            _ when word.StartsWith("pip", StringComparison.Ordinal) && word.Length > 3 && word[3..].All(c => char.IsAsciiDigit(c) || c == '.') => "pip",
            "py" => "python",
            _ => word,
        };
    }

    private static bool IsBuildScript(string name) => ScriptNames.Contains(name.Split(':')[0]);

    private static bool IsAssignment(string word)
    {
        var eq = word.IndexOf('=', StringComparison.Ordinal);
        return eq > 0 && word[..eq].All(c => char.IsAsciiLetterOrDigit(c) || c == '_') && !char.IsAsciiDigit(word[0]);
    }

    /// <summary>Options of the listed tools that take the next word as their value (<c>uv run --python 3.12 pytest</c>).</summary>
    private static readonly FrozenSet<string> OptionsWithValue = FrozenSet.Create(StringComparer.Ordinal,
        "--python", "-p", "--with", "--extra", "--group", "--package", "--directory", "--project", "--env-file", "--index-url",
        "--extra-index-url", "-C", "--prefix", "--filter", "-F", "--workspace", "-w", "--cwd", "--gemfile", "--configuration");

    /// <summary>The index of the first word from <paramref name="start"/> that isn't an option or an option's value.</summary>
    private static int FirstArgument(IReadOnlyList<string> words, int start)
    {
        var i = start;
        while (i < words.Count && words[i].StartsWith('-') && words[i] != "-" && words[i] != "--version" && words[i] != "--info" && words[i] != "--list-sdks")
        {
            i += OptionsWithValue.Contains(words[i]) ? 2 : 1;
        }

        return i < words.Count && words[i] == "--" ? i + 1 : i;
    }
}
