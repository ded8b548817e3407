using Cartoon.Cli.Models;

namespace Cartoon.Engine.Tests.Support;

/// <summary>
/// Two temporary models folders made once per run from ../shared/models: each links the fp32 files and adds an fp16
/// variant of every generator, the real one (`cartoon models fp16`) or its fp16-rounding emulation.
/// </summary>
public sealed class Fp16ModelsFixture : IDisposable
{
    private readonly VariantFolder _real = VariantFolder.Create(TestPaths.Models, emulate: false, new HashSet<string>());
    private readonly VariantFolder _emulated = VariantFolder.Create(TestPaths.Models, emulate: true, new HashSet<string>());

    public string Real => _real.Path;

    public string Emulated => _emulated.Path;

    public void Dispose()
    {
        _real.Dispose();
        _emulated.Dispose();
    }
}

[CollectionDefinition(Name)]
public sealed class Fp16ModelsCollection : ICollectionFixture<Fp16ModelsFixture>
{
    public const string Name = "fp16 models";
}
