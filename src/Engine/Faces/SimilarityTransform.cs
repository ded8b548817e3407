namespace Cartoon.Engine.Faces;

/// <summary>
/// A non-reflective similarity u = a·x − b·y + tx, v = b·x + a·y + ty, fitted by least squares over the
/// 5 landmarks (the reference's skimage/cv2 estimate), mapping work-image pixels to the 288² head crop.
/// </summary>
public readonly record struct SimilarityTransform(double A, double B, double Tx, double Ty)
{
    /// <summary>DCT-Net's square template at 288²: the classic 96×112 points shifted by (+9,+1) into 112²,
    /// scaled by 0.75 about (56,56), then by 288/112.</summary>
    public static readonly double[] Template288 = BuildTemplate(288);

    private static double[] BuildTemplate(int size)
    {
        double[] basePoints = [30.29459953, 51.69630051, 65.53179932, 51.50139999, 48.02519989, 71.73660278,
            33.54930115, 92.3655014, 62.72990036, 92.20410156];
        var t = new double[10];
        for (var k = 0; k < 5; k++)
        {
            var x = basePoints[2 * k] + 9;
            var y = basePoints[2 * k + 1] + 1;
            t[2 * k] = ((x - 56) * 0.75 + 56) * size / 112.0;
            t[2 * k + 1] = ((y - 56) * 0.75 + 56) * size / 112.0;
        }
        return t;
    }

    /// <summary>Least squares of src (x,y pairs) onto dst; closed form for the 4-parameter model.</summary>
    public static SimilarityTransform Fit(ReadOnlySpan<float> src, ReadOnlySpan<double> dst)
    {
        var n = src.Length / 2;
        double mx = 0, my = 0, mu = 0, mv = 0;
        for (var i = 0; i < n; i++)
        {
            mx += src[2 * i]; my += src[2 * i + 1]; mu += dst[2 * i]; mv += dst[2 * i + 1];
        }
        mx /= n; my /= n; mu /= n; mv /= n;
        double sxx = 0, sab = 0, sbb = 0;
        for (var i = 0; i < n; i++)
        {
            double x = src[2 * i] - mx, y = src[2 * i + 1] - my, u = dst[2 * i] - mu, v = dst[2 * i + 1] - mv;
            sxx += x * x + y * y;
            sab += x * u + y * v;
            sbb += x * v - y * u;
        }
        if (sxx < 1e-9)
            return new SimilarityTransform(1, 0, mu - mx, mv - my);
        var a = sab / sxx;
        var b = sbb / sxx;
        return new SimilarityTransform(a, b, mu - (a * mx - b * my), mv - (b * mx + a * my));
    }

    public (double U, double V) Apply(double x, double y) => (A * x - B * y + Tx, B * x + A * y + Ty);

    public SimilarityTransform Inverse()
    {
        var d = A * A + B * B;
        var ia = A / d;
        var ib = -B / d;
        return new SimilarityTransform(ia, ib, -(ia * Tx - ib * Ty), -(ib * Tx + ia * Ty));
    }

    public double Scale => Math.Sqrt(A * A + B * B);
}
