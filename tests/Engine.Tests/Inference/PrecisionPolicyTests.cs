using System.ComponentModel.DataAnnotations;
using Cartoon.Engine.Inference;

namespace Cartoon.Engine.Tests.Inference;

/// <summary>Engine:Precision resolved per style: which files exist and which device runs them.</summary>
public sealed class PrecisionPolicyTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("cartoon-precision-").FullName;

    private void Touch(string fileName) => File.WriteAllBytes(Path.Combine(_dir, fileName), []);

    private void TouchFp16(string style)
    {
        Touch(ModelFiles.Head(style, ModelPrecision.Fp16));
        Touch(ModelFiles.Background(style, ModelPrecision.Fp16));
    }

    [Fact]
    public void Fp16_variants_are_named_beside_their_fp32_files()
    {
        Assert.Equal("dctnet_anime_head.fp16.onnx", ModelFiles.Head("anime", ModelPrecision.Fp16));
        Assert.Equal("dctnet_3d_bg.fp16.onnx", ModelFiles.Background("3d", ModelPrecision.Fp16));
        Assert.Equal(ModelFiles.Head("anime"), ModelFiles.Head("anime", ModelPrecision.Fp32));
    }

    [Fact]
    public void Auto_takes_fp16_on_cuda_for_styles_that_have_both_variants_only()
    {
        TouchFp16("anime");
        Touch(ModelFiles.Head("sketch", ModelPrecision.Fp16));
        var policy = new PrecisionPolicy(PrecisionPreference.Auto, cuda: true, _dir);

        Assert.Equal(ModelPrecision.Fp16, policy.For("anime"));
        Assert.Equal(ModelPrecision.Fp32, policy.For("sketch"));
        Assert.Equal(ModelPrecision.Fp32, policy.For("3d"));
        Assert.Equal(["sketch"], policy.Incomplete());
    }

    [Fact]
    public void Auto_stays_fp32_on_cpu_even_with_the_variants_present()
    {
        TouchFp16("anime");

        Assert.Equal(ModelPrecision.Fp32, new PrecisionPolicy(PrecisionPreference.Auto, cuda: false, _dir).For("anime"));
    }

    [Fact]
    public void Fp32_ignores_the_variants_and_requires_none()
    {
        TouchFp16("anime");
        var policy = new PrecisionPolicy(PrecisionPreference.Fp32, cuda: true, _dir);

        Assert.Equal(ModelPrecision.Fp32, policy.For("anime"));
        policy.RequireFiles();
    }

    [Fact]
    public void Fp16_requires_every_styles_variants_and_names_the_missing_one_and_the_fix()
    {
        foreach (var style in Styles.All.Where(s => s != "sketch"))
            TouchFp16(style);
        Touch(ModelFiles.Head("sketch", ModelPrecision.Fp16));
        var policy = new PrecisionPolicy(PrecisionPreference.Fp16, cuda: false, _dir);

        var ex = Assert.Throws<ModelsNotFoundException>(policy.RequireFiles);

        Assert.Contains("dctnet_sketch_bg.fp16.onnx", ex.Message);
        Assert.Contains("scripts/fp16-models.sh", ex.Message);
        TouchFp16("sketch");
        policy.RequireFiles();
        Assert.Equal(ModelPrecision.Fp16, policy.For("sketch"));
    }

    [Fact]
    public void An_undefined_precision_fails_options_validation()
    {
        var options = new EngineOptions { Precision = (PrecisionPreference)7 };

        var errors = new List<ValidationResult>();
        Assert.False(Validator.TryValidateObject(options, new ValidationContext(options), errors, validateAllProperties: true));
        Assert.Contains(errors, e => e.MemberNames.Contains(nameof(EngineOptions.Precision)));
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
