using System.Reflection;

namespace YServer.Tests;

/// <summary>References only point down the layer table (style guide §2): checked over every type a layer's types
/// mention in their signatures, fields (async state machines included) and base types.</summary>
public sealed class LayeringTests
{
    private static readonly Assembly Server = typeof(YServer.Program).Assembly;

    [TestCase("YServer.Protocol", new[] { "YServer.Rooms", "YServer.Transport", "YServer.Storage", "YServer.Hosting", "Microsoft.AspNetCore", "Microsoft.Extensions.Logging", "Serilog" })]
    [TestCase("YServer.Rooms", new[] { "YServer.Transport", "YServer.Hosting", "Microsoft.AspNetCore", "System.Net.WebSockets", "Serilog", "LiteDB", "YServer.Storage.LiteDb" })]
    [TestCase("YServer.Diagnostics", new[] { "YServer.Rooms", "YServer.Transport", "YServer.Storage", "YServer.Hosting", "YServer.Admin", "Microsoft.AspNetCore", "Serilog", "LiteDB", "OpenTelemetry" })]
    [TestCase("YServer.Crdt", new[] { "YServer.Protocol", "YServer.Storage", "YServer.Rooms", "YServer.Transport", "YServer.Hosting", "YServer.Admin", "YServer.Diagnostics", "Microsoft.AspNetCore", "Microsoft.Extensions.Logging", "Serilog", "LiteDB" })]
    [TestCase("YServer.Transport", new[] { "YServer.Storage", "YServer.Hosting", "Serilog", "LiteDB" })]
    public void Layer_DoesNotReferenceWhatItMustKeepOut(string layer, string[] forbidden)
    {
        var offending = Server.GetTypes()
            .Where(t => t.Namespace == layer)
            .SelectMany(t => MentionedTypes(t).Select(m => (Type: t, Mentioned: m)))
            .Where(x => x.Mentioned.Namespace is { } ns && forbidden.Any(f => ns == f || ns.StartsWith(f + ".", StringComparison.Ordinal)))
            .Select(x => $"{x.Type.FullName} -> {x.Mentioned.FullName}")
            .Distinct()
            .ToList();

        Assert.That(offending, Is.Empty);
    }

    private static IEnumerable<Type> MentionedTypes(Type type)
    {
        const BindingFlags all = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;
        var direct = new List<Type>();
        if (type.BaseType is { } baseType)
        {
            direct.Add(baseType);
        }

        direct.AddRange(type.GetInterfaces());
        direct.AddRange(type.GetFields(all).Select(f => f.FieldType));
        direct.AddRange(type.GetProperties(all).Select(p => p.PropertyType));
        foreach (var method in type.GetMethods(all).Cast<MethodBase>().Concat(type.GetConstructors(all)))
        {
            if (method is MethodInfo info)
            {
                direct.Add(info.ReturnType);
            }

            direct.AddRange(method.GetParameters().Select(p => p.ParameterType));
        }

        return direct.SelectMany(Expand);
    }

    private static IEnumerable<Type> Expand(Type type)
    {
        if (type.HasElementType)
        {
            foreach (var t in Expand(type.GetElementType()!))
            {
                yield return t;
            }

            yield break;
        }

        yield return type;
        if (type.IsGenericType)
        {
            foreach (var argument in type.GetGenericArguments())
            {
                foreach (var t in Expand(argument))
                {
                    yield return t;
                }
            }
        }
    }
}
