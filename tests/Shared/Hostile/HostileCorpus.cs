using Cartoon.Tests.Shared.Imaging;
using SixLabors.ImageSharp.Formats.Bmp;
using SixLabors.ImageSharp.Formats.Gif;
using SixLabors.ImageSharp.Formats.Png;
using SixLabors.ImageSharp.Formats.Webp;
using SixLabors.ImageSharp.PixelFormats;
using static Cartoon.Tests.Shared.Hostile.HostileExpectation;
using static Cartoon.Tests.Shared.Hostile.HostileFiles;

namespace Cartoon.Tests.Shared.Hostile;

/// <summary>
/// The hostile-input corpus of issue 6: every case generated here, in code, with the outcome the system must give.
/// One list serves the gateway theory (status + reason, or the item's terminal status + reason) and the worker
/// process test (no crash, RSS stable over the accepted part). docs/reliability.md lists every case.
/// </summary>
internal static class HostileCorpus
{
    /// <summary>The gateway's upload limits the corpus is written against (set them on the gateway under test).</summary>
    public static readonly IReadOnlyDictionary<string, string?> UploadSettings = new Dictionary<string, string?>
    {
        ["Uploads:MaxImageBytes"] = (2 * 1024 * 1024).ToString(),
        ["Uploads:MaxRequestBytes"] = (3 * 1024 * 1024).ToString(),
        ["Uploads:MaxImagesPerJob"] = "16",
        ["Uploads:MaxSide"] = "8192",
        ["Uploads:MaxPixels"] = "40000000",
    };

    /// <summary>Strength 0 returns the original's pixels (upright, alpha on white), so results can be checked by colour.</summary>
    public static readonly IReadOnlyList<(string Name, string Value)> PlainOriginal = [("strength", "0"), ("format", "png")];

    private static readonly IReadOnlyList<(string Name, string Value)> Small = [("strength", "0"), ("format", "png"), ("maxSide", "256")];

    private const int BadRequest = 400;
    private const int TooLarge = 413;
    private const int Unsupported = 415;

    private static readonly Lazy<IReadOnlyList<HostileCase>> All = new(Build);

    public static IReadOnlyList<HostileCase> Cases => All.Value;

    public static HostileCase Get(string name) => Cases.Single(c => c.Name == name);

    /// <summary>Cases the gateway accepts (202): what a worker must survive.</summary>
    public static IEnumerable<HostileCase> Accepted => Cases.Where(c => c.Expected.Outcome != HostileOutcome.Rejected);

    private static HostileCase File(string name, string category, string what, HostileExpectation expected, byte[] bytes, string? fileName = null) =>
        new(name, category, what, expected) { Image = new HostilePart(fileName ?? name + ".jpg", bytes), EchoedName = fileName ?? name + ".jpg" };

    private static HostileCase CardCase(string name, string category, string what, byte[] bytes, (int, int)? size = null) =>
        File(name, category, what, Succeeds, bytes) with { ResultSize = size ?? (CardWidth, CardHeight), UprightCard = true };

    private static HostileCase Options(string name, string what, params (string Name, string Value)[] fields) =>
        new(name, "options", what, Rejected(BadRequest, "invalid_options"))
        {
            Image = new HostilePart("a.png", Card(new PngEncoder()), "image/png"),
            Fields = [.. PlainOriginal.Where(f => fields.All(g => g.Name != f.Name)), .. fields],
        };

    private static HostileCase Named(string name, string fileName, string? echoed, string what) =>
        File(name, "file names", what, Succeeds, Card(new PngEncoder()), fileName) with
        {
            ResultSize = (CardWidth, CardHeight),
            UprightCard = true,
            EchoedName = echoed,
        };

    private static HostileCase Request(string name, HostileExpectation expected, string what, Func<HttpContent> body) =>
        new(name, "request", what, expected) { Body = body };

    private static List<HostileCase> Build()
    {
        byte[] pngCard = Card(new PngEncoder());
        byte[] jpegCard = Card(Jpeg);
        byte[] gifCard = Card(new GifEncoder());
        byte[] noisePng = NoiseAs(new PngEncoder());
        byte[] noiseJpeg = NoiseAs(Jpeg);
        byte[] noiseGif = NoiseAs(new GifEncoder());
        byte[] noiseWebp = NoiseAs(new WebpEncoder { FileFormat = WebpFileFormatType.Lossless });
        byte[] noiseBmp = NoiseAs(new BmpEncoder { BitsPerPixel = BmpBitsPerPixel.Pixel24 });
        byte[] cmykBlocks(Func<IReadOnlyList<(byte, byte, byte, byte)>, byte[]> write) =>
            write([(255, 0, 0, 255), (0, 255, 0, 255), (255, 255, 255, 128), (255, 255, 0, 255)]);
        (int, int, Rgb24)[] cmykPixels = [(3, 3, OrientedQuadrants.Red), (11, 3, OrientedQuadrants.Green), (19, 3, new Rgb24(128, 128, 128)), (27, 3, OrientedQuadrants.Yellow)];

        var cases = new List<HostileCase>
        {
            // Empty and truncated
            File("zero-byte", "truncated", "0 bytes named .jpg", Rejected(BadRequest, "empty"), []),
            File("png-cut-in-signature", "truncated", "the first 4 bytes of a PNG", Rejected(BadRequest, "invalid_image"), pngCard[..4], "cut.png"),
            File("jpeg-soi-only", "truncated", "FF D8 and nothing else", Rejected(BadRequest, "invalid_image"), [0xFF, 0xD8]),
            File("png-cut-after-ihdr", "truncated", "signature + IHDR, no IDAT/IEND", ItemFails("invalid_image"), pngCard[..33], "ihdr-only.png"),
            File("png-truncated-half", "truncated", "a 96x64 PNG cut in half (inside IDAT)", Rejected(BadRequest, "invalid_image"), FirstHalf(noisePng), "half.png"),
            File("jpeg-truncated-half", "truncated", "a 96x64 JPEG cut in half (inside the scan): decoded leniently, missing blocks grey", Succeeds, FirstHalf(noiseJpeg)) with { ResultSize = (96, 64) },
            File("jpeg-cut-before-sof", "truncated", "a JPEG cut inside its tables, before the frame header", Rejected(BadRequest, "invalid_image"), jpegCard[..40]),
            File("gif-truncated-half", "truncated", "a 96x64 GIF cut in half (inside the LZW data): decoded leniently, missing rows filled", Succeeds, FirstHalf(noiseGif), "half.gif") with { ResultSize = (96, 64) },
            File("webp-truncated-half", "truncated", "a lossless WebP cut in half (RIFF size > file)", Rejected(BadRequest, "invalid_image"), FirstHalf(noiseWebp), "half.webp"),
            File("bmp-truncated-half", "truncated", "a 96x64 BMP cut in half: decoded leniently, missing rows filled", Succeeds, FirstHalf(noiseBmp), "half.bmp") with { ResultSize = (96, 64) },

            // Valid header, garbage body
            File("png-signature-then-garbage", "garbage body", "PNG signature + 12 garbage bytes", Rejected(BadRequest, "invalid_image"), [.. PngSignature, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12], "sig.png"),
            File("png-garbage-idat", "garbage body", "intact chunks and CRCs, IDAT deflate data garbage", ItemFails("invalid_image"), ImageSurgery.CorruptPixels(noisePng), "idat.png"),
            File("jpeg-soi-then-garbage", "garbage body", "FF D8 FF + 200 noise bytes", Rejected(BadRequest, "invalid_image"), [0xFF, 0xD8, 0xFF, .. Noise200()]),
            File("jpeg-garbage-scan", "garbage body", "intact JPEG headers, entropy-coded data noise: decodes to noise", Succeeds, JpegWithGarbageScan(noiseJpeg)) with { ResultSize = (96, 64) },
            File("gif-header-then-garbage", "garbage body", "GIF89a, a 16x16 screen, then 200 noise bytes", ItemFails("invalid_image"), [.. "GIF89a"u8, 16, 0, 16, 0, .. Noise200()], "g.gif"),
            File("gif-garbage-lzw", "garbage body", "intact GIF blocks, LZW data noise: decodes to noise", Succeeds, GifWithGarbageData(), "lzw.gif") with { ResultSize = (CardWidth, CardHeight) },
            File("webp-garbage-bitstream", "garbage body", "VP8L header intact, bitstream noise", ItemFails("invalid_image"), WebpWithGarbageBitstream(), "bits.webp"),
            File("bmp-offset-past-end", "garbage body", "BMP pixel offset 0x7FFFFFFF in a 100-byte file", Rejected(BadRequest, "invalid_image"), BmpOffsetPastEnd(), "offset.bmp"),
            File("tiff-header-then-garbage", "garbage body", "II*\\0 + noise", Rejected(BadRequest, "invalid_image"), [.. "II*\0"u8, .. Noise200()], "t.tiff"),

            // Decompression bombs and huge declared sizes
            File("png-60000x60000", "bombs", "1x1 PNG whose IHDR says 60000x60000", Rejected(TooLarge, "too_large"), ImageSurgery.PngClaiming(60000, 60000), "big.png"),
            File("jpeg-60000x60000", "bombs", "8x8 JPEG whose SOF says 60000x60000", Rejected(TooLarge, "too_large"), ImageSurgery.JpegClaiming(60000, 60000)),
            File("gif-60000x60000", "bombs", "4x4 GIF whose screen says 60000x60000", Rejected(TooLarge, "too_large"), GifClaiming(60000, 60000), "big.gif"),
            File("webp-16384x16384", "bombs", "4x4 lossless WebP whose VP8L header says 16384x16384", Rejected(TooLarge, "too_large"), WebpClaimingLargest(), "big.webp"),
            File("bmp-60000x60000", "bombs", "4x4 BMP whose header says 60000x60000", Rejected(TooLarge, "too_large"), BmpClaiming(60000, 60000), "big.bmp"),
            File("png-1x20000", "bombs", "extreme aspect 1x20000 (side over 8192)", Rejected(TooLarge, "too_large"), ImageSurgery.PngClaiming(1, 20000), "tall.png"),
            File("png-20000x1", "bombs", "extreme aspect 20000x1 (side over 8192)", Rejected(TooLarge, "too_large"), ImageSurgery.PngClaiming(20000, 1), "wide.png"),
            File("png-zero-width", "bombs", "IHDR says 0x16", Rejected(BadRequest, "invalid_image"), ImageSurgery.PngClaiming(0, 16), "zero.png"),
            File("png-bomb-4096x4096", "bombs", "a real 4096x4096 PNG of zeros in ~17 KB (within limits: decodes)", Succeeds, PngBomb(4096, 4096), "bomb.png") with
            {
                Fields = Small, ResultSize = (256, 256), ResultPixels = [(128, 128, new Rgb24(0, 0, 0))],
            },
            File("png-bomb-6000x6000-one-row", "bombs", "IHDR 6000x6000 (36 Mpx, within limits), deflate data for one row: missing rows transparent, white under alpha 0", Succeeds, PngBomb(6000, 6000, rowsOfData: 1), "short.png") with
            {
                Fields = Small, ResultSize = (256, 256), ResultPixels = [(128, 128, new Rgb24(255, 255, 255))],
            },
            File("png-ztxt-bomb", "bombs", "the card + a zTXt chunk inflating to 64 MB", Succeeds, PngTextBomb(64), "ztxt.png") with { ResultSize = (CardWidth, CardHeight), UprightCard = true },
            File("png-1x8192", "bombs", "extreme aspect within limits: 1x8192", Succeeds, PngBomb(1, 8192), "thin.png") with { Fields = Small, ResultSize = (1, 256) },
            File("png-8192x1", "bombs", "extreme aspect within limits: 8192x1", Succeeds, PngBomb(8192, 1), "flat.png") with { Fields = Small, ResultSize = (256, 1) },

            // Colour models and frames
            File("jpeg-cmyk", "colour", "Adobe CMYK JPEG (transform 0)", Succeeds, cmykBlocks(CmykJpegWriter.Write)) with { ResultSize = (32, 8), ResultPixels = cmykPixels },
            File("jpeg-ycck", "colour", "Adobe YCCK JPEG (transform 2)", Succeeds, cmykBlocks(CmykJpegWriter.WriteYcck)) with { ResultSize = (32, 8), ResultPixels = cmykPixels },
            CardCase("png-16bit", "colour", "16-bit RGB PNG", Card(new PngEncoder { ColorType = PngColorType.Rgb, BitDepth = PngBitDepth.Bit16 })),
            CardCase("png-palette", "colour", "palette PNG", Card(new PngEncoder { ColorType = PngColorType.Palette })),
            File("png-transparent", "colour", "fully transparent red RGBA PNG (flattened on white; alpha 0 kept in the PNG result)", Succeeds, TransparentPng(), "alpha.png") with
            {
                ResultSize = (32, 16), ResultPixels = [(16, 8, new Rgb24(255, 255, 255))],
            },
            // An animation is a video item since issue 15 (extracted, cartoonized frame by frame, muxed by the video workers).
            File("gif-animated", "colour", "two-frame GIF, red then blue: a video item", HostileExpectation.AcceptedAsVideo, AnimatedGif(), "anim.gif"),
            File("webp-animated", "colour", "two-frame animated WebP, red then blue: a video item", HostileExpectation.AcceptedAsVideo, AnimatedWebp(), "anim.webp"),
            CardCase("tiff", "colour", "TIFF", TiffOfCard()),
            CardCase("bmp", "colour", "24-bit BMP", Card(new BmpEncoder { BitsPerPixel = BmpBitsPerPixel.Pixel24 })),

            // EXIF
            CardCase("exif-orientation-1", "exif", "JPEG, EXIF orientation 1 (stored upright)", OrientedJpeg(1)),
            CardCase("exif-orientation-2", "exif", "JPEG, EXIF orientation 2 (mirrored)", OrientedJpeg(2)),
            CardCase("exif-orientation-3", "exif", "JPEG, EXIF orientation 3 (rotated 180°)", OrientedJpeg(3)),
            CardCase("exif-orientation-4", "exif", "JPEG, EXIF orientation 4 (flipped)", OrientedJpeg(4)),
            CardCase("exif-orientation-5", "exif", "JPEG, EXIF orientation 5 (transposed)", OrientedJpeg(5)),
            CardCase("exif-orientation-6", "exif", "JPEG, EXIF orientation 6 (rotated 90° CW)", OrientedJpeg(6)),
            CardCase("exif-orientation-7", "exif", "JPEG, EXIF orientation 7 (transversed)", OrientedJpeg(7)),
            CardCase("exif-orientation-8", "exif", "JPEG, EXIF orientation 8 (rotated 90° CCW)", OrientedJpeg(8)),
            CardCase("exif-orientation-0", "exif", "JPEG, EXIF orientation 0 (invalid: upright)", JpegWithOrientationValue(0)),
            CardCase("exif-orientation-65535", "exif", "JPEG, EXIF orientation 65535 (invalid: upright)", JpegWithOrientationValue(65535)),
            CardCase("exif-garbage", "exif", "JPEG with an APP1 'Exif' segment of noise", JpegWithApp1([.. "Exif\0\0"u8, .. Noise200()])),
            CardCase("exif-ifd-offset-past-end", "exif", "JPEG whose EXIF IFD offset points past the segment", JpegWithApp1([.. "Exif\0\0II*\0"u8, 0x00, 0xFF, 0xFF, 0x7F, 0, 0])),
            CardCase("exif-ifd-loop", "exif", "JPEG whose EXIF IFD links to itself", JpegWithApp1([.. "Exif\0\0II*\0"u8, 8, 0, 0, 0, 0, 0, 8, 0, 0, 0])),
            CardCase("png-exif-garbage", "exif", "PNG with an eXIf chunk of noise", PngWithGarbageExif()),

            // Not images
            File("text-as-jpg", "not an image", "plain text named .jpg", Rejected(Unsupported, "unsupported_format"), Ascii("this is not an image, only text renamed to .jpg\n")),
            File("html-as-jpg", "not an image", "an HTML page named .jpg", Rejected(Unsupported, "unsupported_format"), Html),
            File("svg", "not an image", "an SVG with a script", Rejected(Unsupported, "unsupported_format"), Svg, "vector.svg"),
            File("svg-as-png", "not an image", "the same SVG named .png, declared image/png", Rejected(Unsupported, "unsupported_format"), Svg, "vector.png"),
            File("pdf", "not an image", "a one-page PDF", Rejected(Unsupported, "unsupported_format"), Pdf, "doc.pdf"),
            File("heic", "not an image", "an ISO-BMFF (HEIC) header", Rejected(Unsupported, "unsupported_format"), Heic, "phone.heic"),
            File("zip", "not an image", "a ZIP local header named .png", Rejected(Unsupported, "unsupported_format"), ZipHeader, "archive.png"),
            File("exe", "not an image", "an MZ executable header named .jpg", Rejected(Unsupported, "unsupported_format"), Executable),

            // Polyglots
            File("gif-script-polyglot", "polyglot", "a valid GIF with a <script> trailer", Succeeds, [.. gifCard, .. Script], "poly.gif") with
            {
                ResultSize = (CardWidth, CardHeight), UprightCard = true, Payload = Script,
            },
            File("jpeg-html-comment-polyglot", "polyglot", "a JPEG with HTML in a COM segment and a ZIP after EOI", Succeeds, [.. JpegWithComment(jpegCard, Script), .. ZipHeader]) with
            {
                ResultSize = (CardWidth, CardHeight), UprightCard = true, Payload = Script,
            },
            File("png-zip-polyglot", "polyglot", "a PNG with a ZIP and a script appended after IEND", Succeeds, [.. pngCard, .. ZipHeader, .. Script], "poly.png") with
            {
                ResultSize = (CardWidth, CardHeight), UprightCard = true, Payload = Script,
            },
            File("html-then-png", "polyglot", "an HTML page with a PNG appended", Rejected(Unsupported, "unsupported_format"), [.. Html, .. pngCard], "page.png"),
            File("pdf-then-jpeg", "polyglot", "a PDF with a JPEG appended", Rejected(Unsupported, "unsupported_format"), [.. Pdf, .. jpegCard]),

            // File names: never part of a storage key; echoed without path or control characters
            Named("name-unicode", "portrét 😀 ñ 漫画.png", "portrét 😀 ñ 漫画.png", "Unicode file name"),
            Named("name-path-traversal", "../../../../etc/passwd.png", "passwd.png", "../../../../etc/passwd.png"),
            Named("name-windows-traversal", "..\\..\\Windows\\win.ini.png", "win.ini.png", "..\\..\\Windows\\win.ini.png"),
            Named("name-absolute", "/var/lib/cartoon/evil.png", "evil.png", "an absolute path"),
            Named("name-crlf", "evil\r\nX-Injected: 1.png", "evilX-Injected: 1.png", "CR LF inside the name (header injection)"),
            Named("name-nul", "evil\0.png", "evil.png", "a NUL inside the name"),
            Named("name-bidi-override", "evil\u202Egnp.exe.png", "evilgnp.exe.png", "a right-to-left override inside the name (spoofs the extension)"),
            Named("name-dotdot", "..", null, "the name '..'"),
            Named("name-1000-chars", new string('a', 996) + ".png", new string('a', 255), "a 1000-character name (cut to 255)"),

            // Request-level
            Request("multipart-over-cap", Rejected(TooLarge, "request_too_large"), "a 3.5 MB body (cap 3 MB) with Content-Length",
                () => Multipart.Form([new HostilePart("big.png", [.. pngCard, .. new byte[3_500_000]])], PlainOriginal)) with { OverRequestCap = true },
            Request("multipart-over-cap-chunked", Rejected(TooLarge, "request_too_large"), "the same body chunked (no Content-Length)",
                () => new ChunkedContent(Multipart.Bytes([new HostilePart("big.png", [.. pngCard, .. new byte[3_500_000]])], PlainOriginal), $"multipart/form-data; boundary={Multipart.Boundary}")) with { OverRequestCap = true },
            Request("image-over-cap", Rejected(TooLarge, "too_large"), "one 2.5 MB image (cap 2 MB per image)",
                () => Multipart.Form([new HostilePart("big.png", [.. pngCard, .. new byte[2_500_000]])], PlainOriginal)),
            Request("too-many-images", Rejected(BadRequest, "too_many_images"), "17 image parts (cap 16)",
                () => Multipart.Form(Enumerable.Range(0, 17).Select(i => new HostilePart($"{i}.png", pngCard)), PlainOriginal)),
            Request("no-images-part", Rejected(BadRequest, "no_images"), "the image under the field name 'image'",
                () => Multipart.Form([new HostilePart("a.png", pngCard)], PlainOriginal, fieldName: "image")),
            Request("content-type-json", Rejected(Unsupported, "unsupported_media_type"), "application/json body",
                () => Multipart.Content(Ascii("{\"images\":[\"a.png\"]}"), "application/json")),
            Request("content-type-text", Rejected(Unsupported, "unsupported_media_type"), "text/plain body",
                () => Multipart.Content(Ascii("images=a.png"), "text/plain")),
            Request("content-type-urlencoded", Rejected(Unsupported, "unsupported_media_type"), "application/x-www-form-urlencoded",
                () => Multipart.Content(Ascii("images=a.png&style=anime"), "application/x-www-form-urlencoded")),
            Request("content-type-multipart-mixed", Rejected(Unsupported, "unsupported_media_type"), "a valid body declared multipart/mixed",
                () => Multipart.Content(Multipart.Bytes([new HostilePart("a.png", pngCard)], PlainOriginal), $"multipart/mixed; boundary={Multipart.Boundary}")),
            Request("content-type-image", Rejected(Unsupported, "unsupported_media_type"), "a raw PNG body declared image/png",
                () => Multipart.Content(pngCard, "image/png")),
            Request("multipart-no-boundary", Rejected(BadRequest, "invalid_multipart"), "multipart/form-data without a boundary parameter",
                () => Multipart.Content(Multipart.Bytes([new HostilePart("a.png", pngCard)], PlainOriginal), "multipart/form-data")),
            Request("multipart-wrong-boundary", Rejected(BadRequest, "invalid_multipart"), "a boundary that never occurs in the body",
                () => Multipart.Content(Multipart.Bytes([new HostilePart("a.png", pngCard)], PlainOriginal), "multipart/form-data; boundary=not-in-the-body")),
            Request("multipart-truncated", Rejected(BadRequest, "invalid_multipart"), "the body stops inside the image part (no closing boundary)",
                () => Multipart.Content(Multipart.Bytes([new HostilePart("a.png", pngCard)], PlainOriginal, close: false)[..^40], $"multipart/form-data; boundary={Multipart.Boundary}")),
            File("declared-png-is-jpeg", "request", "JPEG bytes declared image/png, named .png", Succeeds, jpegCard, "photo.png") with
            {
                Image = new HostilePart("photo.png", jpegCard, "image/png"), ResultSize = (CardWidth, CardHeight), UprightCard = true,
            },
            File("declared-html-is-png", "request", "PNG bytes declared text/html, named .html", Succeeds, pngCard, "page.html") with
            {
                Image = new HostilePart("page.html", pngCard, "text/html"), ResultSize = (CardWidth, CardHeight), UprightCard = true,
            },

            // Options
            Options("style-unknown", "style=pixar", ("style", "pixar")),
            Options("style-traversal", "style=../anime", ("style", "../anime")),
            Options("style-twice", "style given twice", ("style", "anime"), ("style", "sketch")),
            Options("strength-over-1", "strength=1.5", ("strength", "1.5")),
            Options("strength-nan", "strength=NaN", ("strength", "NaN")),
            Options("strength-infinity", "strength=Infinity", ("strength", "Infinity")),
            Options("strength-overflow", "strength=1e309 (parses to infinity)", ("strength", "1e309")),
            Options("strength-hex", "strength=0x1", ("strength", "0x1")),
            Options("format-bmp", "format=bmp (not an output format; gif is one since videos: an animation's)", ("format", "bmp")),
            Options("format-svg", "format=svg", ("format", "svg")),
            Options("maxside-negative", "maxSide=-1", ("maxSide", "-1")),
            Options("maxside-exponent", "maxSide=1e3", ("maxSide", "1e3")),
            Options("maxside-overflow", "maxSide=99999999999999999999", ("maxSide", "99999999999999999999")),
            Options("quality-fraction", "quality=50.5", ("quality", "50.5")),
            Options("quality-zero", "quality=0", ("quality", "0")),
        };
        return cases;
    }

    private static byte[] Noise200()
    {
        var noise = new byte[200];
        new Random(200).NextBytes(noise);
        return noise;
    }
}
