using Cartoon.Cli;
using Cartoon.Engine.Tests.Support;
using SixLabors.ImageSharp;

namespace Cartoon.Engine.Tests.Cli;

public sealed class ConvertCommandTests : IDisposable
{
    private readonly DirectoryInfo _work = Directory.CreateTempSubdirectory("cartoon-cli-");

    [Fact]
    public async Task Converts_a_folder_and_writes_each_result_named_after_its_input()
    {
        var input = _work.CreateSubdirectory("in");
        File.Copy(TestPaths.Sample(TestPaths.Astronaut), Path.Combine(input.FullName, "a.png"));
        File.WriteAllBytes(Path.Combine(input.FullName, "b.jpg"), TestImages.Crop(TestPaths.Astronaut, new Rectangle(0, 0, 300, 200)));
        var (code, stdout, stderr) = await Run(input.FullName, "--out", Out, "--style", "sketch", "--format", "jpeg", "--max-side", "200");

        Assert.Equal(0, code);
        Assert.Equal("", stderr);
        Assert.Contains("2/2 images", stdout);
        Assert.Contains("device cpu", stdout);
        using var a = Image.Load(Path.Combine(Out, "a.jpg"));
        Assert.Equal((200, 200), (a.Width, a.Height));
        using var b = Image.Load(Path.Combine(Out, "b.jpg"));
        Assert.Equal((200, 133), (b.Width, b.Height));
    }

    [Fact]
    public async Task Exits_non_zero_and_names_the_failed_input_and_its_reason()
    {
        var bad = Path.Combine(_work.FullName, "notes.jpg");
        File.WriteAllBytes(bad, TestImages.Text);

        var (code, stdout, stderr) = await Run(TestPaths.Sample(TestPaths.Astronaut), bad, "--out", Out);

        Assert.Equal(1, code);
        Assert.Contains("1/2 images", stdout);
        Assert.Contains($"failed: {bad}: unsupported_format", stderr);
        Assert.True(File.Exists(Path.Combine(Out, "astronaut_eileen_collins_nasa.png")));
    }

    [Fact]
    public async Task Raw_is_not_a_file_format_the_converter_writes()
    {
        var parse = ConvertCommand.Build().Parse(["convert", TestPaths.Sample(TestPaths.Astronaut), "--out", Out, "--format", "raw"]);
        Assert.Equal("--format: png, jpeg or webp.", Assert.Single(parse.Errors).Message);

        var code = await RunWith(parse, new StringWriter(), new StringWriter());
        Assert.NotEqual(0, code);
        Assert.False(Directory.Exists(Out));
        Assert.Empty(ConvertCommand.Build().Parse(["convert", "a.png", "--out", Out, "--format", "webp"]).Errors);
    }

    [Fact]
    public async Task A_result_with_warnings_succeeds_and_says_why_on_stderr()
    {
        var flat = Path.Combine(_work.FullName, "landscape.png");
        File.WriteAllBytes(flat, TestImages.Gradient(640, 480));

        var (code, stdout, stderr) = await Run(flat, "--out", Out, "--max-side", "1600");

        Assert.Equal(0, code);
        Assert.Contains("1/1 images", stdout);
        Assert.Contains($"warning: {flat}: upscaled, no_face (worked at 640×480, upscaled 2.5×)", stderr);
    }

    [Fact]
    public async Task Detail_high_works_a_large_photo_at_its_own_size_where_standard_upscales_it()
    {
        var large = Path.Combine(_work.FullName, "large.png");
        File.WriteAllBytes(large, TestImages.Gradient(2000, 1500));

        var standard = await Run(large, "--out", Out);
        var high = await Run(large, "--out", Out, "--detail", "high");

        Assert.Equal((0, 0), (standard.Code, high.Code));
        Assert.Contains("warning: " + large + ": upscaled, no_face (worked at 960×720, upscaled 2.08×)", standard.Stderr);
        Assert.Contains("warning: " + large + ": no_face (worked at 2000×1500, upscaled 1×)", high.Stderr);
        using var result = Image.Load(Path.Combine(Out, "large.png"));
        Assert.Equal((2000, 1500), (result.Width, result.Height));
    }

    [Fact]
    public async Task A_wrong_models_folder_is_a_clear_error()
    {
        var (code, _, stderr) = await Run(TestPaths.Sample(TestPaths.Astronaut), "--out", Out, "--models", _work.FullName);

        Assert.Equal(3, code);
        Assert.Contains("retinaface_mnet025.onnx", stderr);
    }

    private string Out => Path.Combine(_work.FullName, "out");

    private static async Task<(int Code, string Stdout, string Stderr)> Run(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var parse = ConvertCommand.Build().Parse(["convert", .. args, "--device", "cpu"]);
        Assert.Empty(parse.Errors);
        var code = await RunWith(parse, stdout, stderr);
        return (code, stdout.ToString(), stderr.ToString());
    }

    private static Task<int> RunWith(System.CommandLine.ParseResult parse, TextWriter stdout, TextWriter stderr) =>
        parse.InvokeAsync(new System.CommandLine.InvocationConfiguration { Output = stdout, Error = stderr });

    public void Dispose() => _work.Delete(recursive: true);
}
