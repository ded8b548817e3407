namespace Cartoon.Gateway.Endpoints;

/// <summary>
/// A write-only, non-seekable buffer between <see cref="System.IO.Compression.ZipArchive"/> and the response body.
/// ZipArchive (.NET 10) still writes entry descriptors synchronously even through its async API, and Kestrel forbids
/// synchronous writes; the archive writes here and the caller drains the buffer asynchronously after each entry, so
/// memory holds one entry at most.
/// </summary>
internal sealed class EntryBufferStream : Stream
{
    private readonly MemoryStream _buffer = new();

    public override bool CanRead => false;
    public override bool CanSeek => false;
    public override bool CanWrite => true;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override void Write(byte[] buffer, int offset, int count) => _buffer.Write(buffer, offset, count);

    public override void Write(ReadOnlySpan<byte> buffer) => _buffer.Write(buffer);

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
    {
        _buffer.Write(buffer, offset, count);
        return Task.CompletedTask;
    }

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        _buffer.Write(buffer.Span);
        return ValueTask.CompletedTask;
    }

    public override void Flush()
    {
    }

    public override Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Moves what was written so far to <paramref name="destination"/>.</summary>
    public async Task DrainToAsync(Stream destination, CancellationToken ct)
    {
        if (_buffer.Length == 0)
            return;
        await destination.WriteAsync(_buffer.GetBuffer().AsMemory(0, (int)_buffer.Length), ct);
        _buffer.SetLength(0);
    }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
}
