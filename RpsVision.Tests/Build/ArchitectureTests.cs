using System.Collections.Immutable;
using System.Reflection;
using System.Reflection.Emit;
using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;
using System.Reflection.PortableExecutable;
using RpsVision.Core.Inference;

namespace RpsVision.Tests.Build;

/// <summary>
/// The serving host runs (and its container ships) without libtorch or the chart libraries: no type of Core's
/// Inference or Preprocessing namespaces may reference a TorchSharp, ScottPlot or SkiaSharp type. Read from the
/// compiled assembly's metadata (signatures, base types, attributes and the tokens in method bodies), so it also
/// catches a fully qualified name that a grep for using directives would miss.
/// </summary>
public class ArchitectureTests
{
    private static readonly string[] Forbidden = ["TorchSharp", "ScottPlot", "SkiaSharp"];

    /// <summary>Marks a namespace of the assembly itself among the referenced assembly names.</summary>
    private const string OwnNamespace = "namespace:";

    private static string CoreAssembly => typeof(ImageClassifier).Assembly.Location;

    [Test]
    public void CoreAssembly_InferenceAndPreprocessing_ReferenceNoTorchSharpScottPlotOrSkiaSharp()
    {
        var offenders = ForbiddenReferences(CoreAssembly, ["RpsVision.Core.Inference", "RpsVision.Core.Preprocessing"]);

        Assert.That(offenders, Is.Empty);
    }

    /// <summary>The check sees what it is meant to see: Training and Runs do use TorchSharp and ScottPlot.</summary>
    [Test]
    public void ForbiddenReferences_TrainingAndRuns_FindsTorchSharpAndScottPlot()
    {
        var offenders = ForbiddenReferences(CoreAssembly, ["RpsVision.Core.Training", "RpsVision.Core.Runs"]);

        Assert.That(offenders, Has.Some.Contains("Trainer -> TorchSharp"));
        Assert.That(offenders, Has.Some.Contains("ReportCharts -> ScottPlot"));
    }

    /// <summary>Core's folders (namespaces) depend one way: none uses a folder that uses it back.</summary>
    [Test]
    public void CoreAssembly_Namespaces_HaveNoMutualDependencies()
    {
        using var pe = new PEReader(File.OpenRead(CoreAssembly));
        var reader = pe.GetMetadataReader();
        var uses = new HashSet<(string From, string To)>();
        foreach (var handle in reader.TypeDefinitions)
        {
            var type = reader.GetTypeDefinition(handle);
            string from = NamespaceOf(reader, type);
            foreach (string to in ReferencedAssemblies(reader, pe, type).Where(a => a.StartsWith(OwnNamespace, StringComparison.Ordinal)))
            {
                string target = to[OwnNamespace.Length..];
                if (from.StartsWith("RpsVision.Core.", StringComparison.Ordinal) && target.StartsWith("RpsVision.Core.", StringComparison.Ordinal) && target != from)
                {
                    uses.Add((from, target));
                }
            }
        }

        var mutual = uses.Where(u => string.CompareOrdinal(u.From, u.To) < 0 && uses.Contains((u.To, u.From)))
            .Select(u => $"{u.From} <-> {u.To}");
        Assert.That(mutual, Is.Empty);
    }

    /// <summary>"Type -> Assembly" for each type of <paramref name="namespaces"/> that references a forbidden assembly.</summary>
    private static SortedSet<string> ForbiddenReferences(string assemblyPath, string[] namespaces)
    {
        using var pe = new PEReader(File.OpenRead(assemblyPath));
        var reader = pe.GetMetadataReader();
        var offenders = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var handle in reader.TypeDefinitions)
        {
            var type = reader.GetTypeDefinition(handle);
            if (!namespaces.Contains(NamespaceOf(reader, type)))
            {
                continue;
            }
            foreach (string assembly in ReferencedAssemblies(reader, pe, type).Where(a => Forbidden.Any(f => a.StartsWith(f, StringComparison.Ordinal))))
            {
                offenders.Add($"{reader.GetString(type.Name)} -> {assembly}");
            }
        }
        return offenders;
    }

    private static string NamespaceOf(MetadataReader reader, TypeDefinition type)
    {
        // Nested types (closures, state machines) have no namespace of their own: take the outermost type's.
        while (type.GetDeclaringType() is { IsNil: false } outer)
        {
            type = reader.GetTypeDefinition(outer);
        }
        return reader.GetString(type.Namespace);
    }

    private static IEnumerable<string> ReferencedAssemblies(MetadataReader reader, PEReader pe, TypeDefinition type)
    {
        var provider = new AssemblyNames(reader);
        var found = new List<string>();
        void Add(EntityHandle handle) => found.AddRange(provider.Of(handle));

        if (!type.BaseType.IsNil)
        {
            Add(type.BaseType);
        }
        foreach (var i in type.GetInterfaceImplementations())
        {
            Add(reader.GetInterfaceImplementation(i).Interface);
        }
        foreach (var f in type.GetFields())
        {
            found.AddRange(reader.GetFieldDefinition(f).DecodeSignature(provider, null));
        }
        foreach (var a in type.GetCustomAttributes())
        {
            Add(reader.GetCustomAttribute(a).Constructor);
        }
        foreach (var m in type.GetMethods())
        {
            var method = reader.GetMethodDefinition(m);
            var signature = method.DecodeSignature(provider, null);
            found.AddRange(signature.ReturnType.Concat(signature.ParameterTypes.SelectMany(p => p)));
            if (method.RelativeVirtualAddress == 0)
            {
                continue;
            }
            var body = pe.GetMethodBody(method.RelativeVirtualAddress);
            if (!body.LocalSignature.IsNil)
            {
                var locals = reader.GetStandaloneSignature(body.LocalSignature).DecodeLocalSignature(provider, null);
                found.AddRange(locals.SelectMany(l => l));
            }
            foreach (var token in IlTokens(body.GetILBytes()!))
            {
                Add(token);
            }
        }
        return found.Distinct();
    }

    private static readonly Dictionary<short, OpCode> OpCodesByValue = typeof(OpCodes)
        .GetFields(BindingFlags.Public | BindingFlags.Static).Select(f => (OpCode)f.GetValue(null)!).ToDictionary(o => o.Value);

    /// <summary>The type, field and method tokens in a method body's IL.</summary>
    private static IEnumerable<EntityHandle> IlTokens(byte[] il)
    {
        var tokens = new List<EntityHandle>();
        for (int i = 0; i < il.Length;)
        {
            short value = il[i] == 0xFE ? (short)(0xFE00 | il[i + 1]) : il[i];
            i += il[i] == 0xFE ? 2 : 1;
            var opCode = OpCodesByValue[value];
            switch (opCode.OperandType)
            {
                case OperandType.InlineField or OperandType.InlineMethod or OperandType.InlineTok or OperandType.InlineType:
                    tokens.Add(MetadataTokens.EntityHandle(BitConverter.ToInt32(il, i)));
                    i += 4;
                    break;
                case OperandType.InlineSwitch:
                    i += 4 + 4 * BitConverter.ToInt32(il, i);
                    break;
                case OperandType.InlineNone:
                    break;
                case OperandType.ShortInlineBrTarget or OperandType.ShortInlineI or OperandType.ShortInlineVar:
                    i += 1;
                    break;
                case OperandType.InlineVar:
                    i += 2;
                    break;
                case OperandType.InlineI8 or OperandType.InlineR:
                    i += 8;
                    break;
                default:
                    i += 4;
                    break;
            }
        }
        return tokens;
    }

    /// <summary>The assemblies a handle or signature refers to (none for this assembly's own definitions).</summary>
    private sealed class AssemblyNames(MetadataReader reader) : ISignatureTypeProvider<ImmutableArray<string>, object?>
    {
        public ImmutableArray<string> Of(EntityHandle handle) => handle.Kind switch
        {
            HandleKind.TypeReference => GetTypeFromReference(reader, (TypeReferenceHandle)handle, 0),
            HandleKind.TypeSpecification => reader.GetTypeSpecification((TypeSpecificationHandle)handle).DecodeSignature(this, null),
            HandleKind.MemberReference => MemberReference((MemberReferenceHandle)handle),
            HandleKind.MethodSpecification => MethodSpecification((MethodSpecificationHandle)handle),
            HandleKind.TypeDefinition => GetTypeFromDefinition(reader, (TypeDefinitionHandle)handle, 0),
            HandleKind.MethodDefinition => GetTypeFromDefinition(reader, reader.GetMethodDefinition((MethodDefinitionHandle)handle).GetDeclaringType(), 0),
            HandleKind.FieldDefinition => GetTypeFromDefinition(reader, reader.GetFieldDefinition((FieldDefinitionHandle)handle).GetDeclaringType(), 0),
            _ => [],
        };

        private ImmutableArray<string> MemberReference(MemberReferenceHandle handle)
        {
            var member = reader.GetMemberReference(handle);
            var names = Of(member.Parent).ToBuilder();
            if (member.GetKind() == MemberReferenceKind.Method)
            {
                var signature = member.DecodeMethodSignature(this, null);
                names.AddRange(signature.ReturnType);
                names.AddRange(signature.ParameterTypes.SelectMany(p => p));
            }
            else
            {
                names.AddRange(member.DecodeFieldSignature(this, null));
            }
            return names.ToImmutable();
        }

        private ImmutableArray<string> MethodSpecification(MethodSpecificationHandle handle)
        {
            var specification = reader.GetMethodSpecification(handle);
            return [.. Of(specification.Method), .. specification.DecodeSignature(this, null).SelectMany(a => a)];
        }

        public ImmutableArray<string> GetTypeFromReference(MetadataReader r, TypeReferenceHandle handle, byte rawTypeKind)
        {
            var scope = r.GetTypeReference(handle).ResolutionScope;
            return scope.Kind switch
            {
                HandleKind.AssemblyReference => [r.GetString(r.GetAssemblyReference((AssemblyReferenceHandle)scope).Name)],
                HandleKind.TypeReference => GetTypeFromReference(r, (TypeReferenceHandle)scope, rawTypeKind),
                _ => [],
            };
        }

        public ImmutableArray<string> GetTypeFromDefinition(MetadataReader r, TypeDefinitionHandle handle, byte rawTypeKind) =>
            [OwnNamespace + NamespaceOf(r, r.GetTypeDefinition(handle))];

        public ImmutableArray<string> GetTypeFromSpecification(MetadataReader r, object? context, TypeSpecificationHandle handle, byte rawTypeKind) =>
            r.GetTypeSpecification(handle).DecodeSignature(this, context);

        public ImmutableArray<string> GetGenericInstantiation(ImmutableArray<string> genericType, ImmutableArray<ImmutableArray<string>> typeArguments) =>
            [.. genericType, .. typeArguments.SelectMany(a => a)];

        public ImmutableArray<string> GetFunctionPointerType(MethodSignature<ImmutableArray<string>> signature) =>
            [.. signature.ReturnType, .. signature.ParameterTypes.SelectMany(p => p)];

        public ImmutableArray<string> GetModifiedType(ImmutableArray<string> modifier, ImmutableArray<string> unmodifiedType, bool isRequired) =>
            [.. modifier, .. unmodifiedType];

        public ImmutableArray<string> GetArrayType(ImmutableArray<string> elementType, ArrayShape shape) => elementType;

        public ImmutableArray<string> GetSZArrayType(ImmutableArray<string> elementType) => elementType;

        public ImmutableArray<string> GetByReferenceType(ImmutableArray<string> elementType) => elementType;

        public ImmutableArray<string> GetPointerType(ImmutableArray<string> elementType) => elementType;

        public ImmutableArray<string> GetPinnedType(ImmutableArray<string> elementType) => elementType;

        public ImmutableArray<string> GetPrimitiveType(PrimitiveTypeCode typeCode) => [];

        public ImmutableArray<string> GetGenericMethodParameter(object? context, int index) => [];

        public ImmutableArray<string> GetGenericTypeParameter(object? context, int index) => [];
    }
}
