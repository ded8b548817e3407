using System.Security.Cryptography;
using System.Text;

namespace Cartoon.Gateway.Idempotency;

/// <summary>
/// What makes two submits "the same request": every parameter as sent, and every image part's name, length and
/// bytes, in order. Built incrementally so images are hashed as they stream, not held twice.
/// </summary>
public sealed class RequestFingerprint : IDisposable
{
    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);

    public RequestFingerprint() => AddText("cartoon-submit-v1");

    public void AddField(string name, string? value) => AddText($"{name}={value ?? "\0"}");

    public async Task AddPartAsync(string? fileName, long length, Stream content, CancellationToken ct)
    {
        AddText($"part:{fileName}:{length}");
        var digest = await SHA256.HashDataAsync(content, ct);
        _hash.AppendData(digest);
    }

    public string Finish() => Convert.ToHexStringLower(_hash.GetHashAndReset());

    public void Dispose() => _hash.Dispose();

    private void AddText(string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        // Length-prefixed so "a=bc" + "d" can never equal "a=b" + "cd".
        _hash.AppendData(BitConverter.GetBytes(bytes.Length));
        _hash.AppendData(bytes);
    }
}
