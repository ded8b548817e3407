using Cartoon.Tests.Shared.Hostile;

namespace Cartoon.Gateway.Tests.Hostile;

/// <summary>
/// One embedded gateway (API + worker + the real DCT-Net engine on CPU, file-system store) for the whole corpus, with
/// the upload limits the corpus is written against. Shared by the theory rows: the engine loads once.
/// </summary>
public sealed class HostileGateway : IAsyncLifetime
{
    public GatewayApp App { get; } = new(settings: new Dictionary<string, string?>(HostileCorpus.UploadSettings)
    {
        ["Gateway:Mode"] = "Embedded",
        ["Engine:Device"] = "Cpu",
        ["Engine:WarmUpShapes:0"] = "256x256",
        // 100+ submits in a row from one address: the per-address submit bucket (60/min) would answer some with 429;
        // limits have their own tests (Access/RateLimitTests).
        ["RateLimits:Enabled"] = "false",
    });

    public Task InitializeAsync()
    {
        App.Start();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await App.DisposeAsync();
}
