using Cartoon.Tests.Shared.Imaging;

namespace Cartoon.Integration.Tests.Observability;

/// <summary>Small generated images (tier s).</summary>
public static class TestPictures
{
    public static byte[] Png(int width = 192, int height = 160, int seed = 1) => NoisyPng.Create(width, height, seed);
}
