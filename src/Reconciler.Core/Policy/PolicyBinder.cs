using System.Collections;
using System.Globalization;
using System.Reflection;
using System.Text;
using Reconciler.Core.Yaml;

namespace Reconciler.Core.Policy;

/// <summary>Names a policy key explicitly when it is not the camelCase of the property (rule ids are kebab-case).</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class PolicyKeyAttribute(string key) : Attribute
{
    public string Key { get; } = key;
}

/// <summary>A policy section that checks its own values after binding.</summary>
public interface IPolicyValidated
{
    void Validate(PolicyValidation validation);
}

/// <summary>Lets <see cref="IPolicyValidated"/> sections report errors at the position of one of their keys.</summary>
public sealed class PolicyValidation(PolicyBinder binder, YMap? map, string path)
{
    public void Error(string key, string message)
    {
        var entry = map?.Find(key);
        var node = (YNode?)entry?.Value ?? map;
        binder.Report(node, path.Length == 0 ? key : $"{path}.{key}", message);
    }

    /// <summary>Reports an error at the key <paramref name="childKey"/> of the mapping under <paramref name="key"/>.</summary>
    public void ErrorAtChildKey(string key, string childKey, string message)
    {
        var child = (map?[key] as YMap)?.Find(childKey);
        var path2 = path.Length == 0 ? $"{key}.{childKey}" : $"{path}.{key}.{childKey}";
        binder.Report(child?.Key ?? map?.Find(key)?.Key ?? map, path2, message);
    }

    /// <summary>Reports an error at the key reached by following <paramref name="keys"/> down nested mappings (e.g. permissions → name → scope).</summary>
    public void ErrorAtKey(IReadOnlyList<string> keys, string message) => ErrorAtNested(keys, message, atValue: false);

    /// <summary>Reports an error at the value of the key reached by following <paramref name="keys"/>.</summary>
    public void ErrorAtValue(IReadOnlyList<string> keys, string message) => ErrorAtNested(keys, message, atValue: true);

    private void ErrorAtNested(IReadOnlyList<string> keys, string message, bool atValue)
    {
        // The deepest entry found: a key missing from the tree (impossible after binding) still gets a position.
        YEntry? entry = null;
        var current = map;
        foreach (var key in keys)
        {
            var next = current?.Find(key);
            if (next is null)
            {
                break;
            }

            entry = next;
            current = next.Value.Deref() as YMap;
        }

        var node = entry is null ? map : atValue ? entry.Value : entry.Key;
        var keyPath = string.Join('.', keys);
        binder.Report(node, path.Length == 0 ? keyPath : $"{path}.{keyPath}", message);
    }
}

/// <summary>
/// Binds a position-keeping YAML tree onto the policy's model types, reporting every unknown key,
/// wrong type and bad value with file, line and column (not just the first).
/// </summary>
public sealed class PolicyBinder(string file)
{
    private readonly List<PolicyError> _errors = [];

    public IReadOnlyList<PolicyError> Errors => _errors;

    public string File { get; } = file;

    internal void Add(PolicyError error) => _errors.Add(error);

    public void Report(YNode? node, string path, string message) =>
        _errors.Add(new PolicyError(File, node?.Start.Line ?? 1, node?.Start.Column ?? 1, path, message));

    public T Bind<T>(YNode node)
        where T : new() => (T)Bind(typeof(T), node, "")!;

    private object? Bind(Type type, YNode node, string path)
    {
        if (node is YAlias alias)
        {
            return alias.Target is null ? Fail(node, path, $"unknown alias *{alias.Name}") : Bind(type, alias.Target, path);
        }

        var nullable = Nullable.GetUnderlyingType(type);
        if (nullable is not null)
        {
            return node is YScalar { IsNull: true } ? null : Bind(nullable, node, path);
        }

        if (type == typeof(string))
        {
            return node is YScalar s ? s.Value : Fail(node, path, $"expected a string, found {Describe(node)}");
        }

        if (type == typeof(bool))
        {
            return node is YScalar { Value: "true" or "false" } b ? b.Value == "true" : Fail(node, path, $"expected true or false, found {Describe(node)}");
        }

        if (type == typeof(int))
        {
            return node is YScalar i && i.Style == YScalarStyle.Plain && int.TryParse(i.Value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n)
                ? n
                : Fail(node, path, $"expected a whole number, found {Describe(node)}");
        }

        if (type.IsEnum)
        {
            if (node is YScalar e)
            {
                foreach (var name in Enum.GetNames(type))
                {
                    if (Kebab(name) == e.Value)
                    {
                        return Enum.Parse(type, name);
                    }
                }
            }

            return Fail(node, path, $"expected one of {string.Join(", ", Enum.GetNames(type).Select(Kebab))}, found {Describe(node)}");
        }

        if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(List<>))
        {
            var itemType = type.GetGenericArguments()[0];
            var list = (IList)Activator.CreateInstance(type)!;
            if (node is not YSeq seq)
            {
                return Fail(node, path, $"expected a list, found {Describe(node)}");
            }

            for (var i = 0; i < seq.Items.Count; i++)
            {
                var item = Bind(itemType, seq.Items[i], $"{path}[{i}]");
                if (item is not null)
                {
                    list.Add(item);
                }
            }

            return list;
        }

        if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(Dictionary<,>))
        {
            var valueType = type.GetGenericArguments()[1];
            var dict = (IDictionary)Activator.CreateInstance(type, StringComparer.Ordinal)!;
            if (node is not YMap map)
            {
                return Fail(node, path, $"expected a mapping, found {Describe(node)}");
            }

            foreach (var entry in map.Entries)
            {
                var value = Bind(valueType, entry.Value, Join(path, entry.KeyText));
                if (value is not null)
                {
                    dict[entry.KeyText] = value;
                }
            }

            return dict;
        }

        return BindObject(type, node, path);
    }

    private object? BindObject(Type type, YNode node, string path)
    {
        if (node is not YMap map)
        {
            return Fail(node, path, $"expected a mapping, found {Describe(node)}");
        }

        var target = Activator.CreateInstance(type)!;
        var properties = type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.CanWrite)
            .ToDictionary(KeyOf, StringComparer.Ordinal);
        foreach (var entry in map.Entries)
        {
            var keyPath = Join(path, entry.KeyText);
            if (!properties.TryGetValue(entry.KeyText, out var property))
            {
                var known = string.Join(", ", properties.Keys.Order(StringComparer.Ordinal));
                Report(entry.Key, keyPath, $"unknown key '{entry.KeyText}' (known keys: {known})");
                continue;
            }

            // A partly bad value is still set, so that validation of its siblings sees it.
            var value = Bind(property.PropertyType, entry.Value, keyPath);
            if (value is not null || Nullable.GetUnderlyingType(property.PropertyType) is not null)
            {
                property.SetValue(target, value);
            }
        }

        if (target is IPolicyValidated validated)
        {
            validated.Validate(new PolicyValidation(this, map, path));
        }

        return target;
    }

    private object? Fail(YNode node, string path, string message)
    {
        Report(node, path, message);
        return null;
    }

    internal static string KeyOf(PropertyInfo p) =>
        p.GetCustomAttribute<PolicyKeyAttribute>()?.Key ?? char.ToLowerInvariant(p.Name[0]) + p.Name[1..];

    private static string Join(string path, string key) => path.Length == 0 ? key : $"{path}.{key}";

    private static string Describe(YNode node) => node switch
    {
        YMap => "a mapping",
        YSeq => "a list",
        YScalar { IsNull: true } => "nothing",
        YScalar s => $"'{s.Value}'",
        _ => "an alias",
    };

    /// <summary>PascalCase enum member to the kebab-case policy spelling: DefaultBranch → default-branch.</summary>
    public static string Kebab(string name)
    {
        var sb = new StringBuilder();
        for (var i = 0; i < name.Length; i++)
        {
            if (char.IsUpper(name[i]) && i > 0)
            {
                sb.Append('-');
            }

            sb.Append(char.ToLowerInvariant(name[i]));
        }

        return sb.ToString();
    }
}

/// <summary>One problem in a policy file.</summary>
public sealed record PolicyError(string File, int Line, int Column, string Key, string Message)
{
    public override string ToString() => $"{File}:{Line}:{Column}: {(Key.Length == 0 ? "" : Key + ": ")}{Message}";
}

/// <summary>A policy that failed to load; carries every error found.</summary>
public sealed class PolicyException(IReadOnlyList<PolicyError> errors)
    : Exception(string.Join(Environment.NewLine, errors))
{
    public IReadOnlyList<PolicyError> Errors { get; } = errors;
}
