using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats;
using SixLabors.ImageSharp.Formats.Gif;
using SixLabors.ImageSharp.Formats.Jpeg;
using SixLabors.ImageSharp.Formats.Png;
using SixLabors.ImageSharp.Formats.Webp;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;

namespace Es.Api.Pictures;

/// <summary>The node's slots for decoding uploads (<see cref="PicturesOptions.MaxConcurrentReencodings"/>).</summary>
public sealed class ReencodingSlots(Microsoft.Extensions.Options.IOptions<PicturesOptions> options)
{
    private readonly SemaphoreSlim _slots = new(options.Value.MaxConcurrentReencodings);

    public async Task<(ReencodedUpload? Upload, UploadRefusal? Refusal)> ReencodeAsync(byte[] upload, CancellationToken ct)
    {
        await _slots.WaitAsync(ct);
        try
        {
            return PictureReencoding.Reencode(upload, options.Value);
        }
        finally
        {
            _slots.Release();
        }
    }
}

/// <summary>One encoded picture: its bytes, their SHA-256 (its id), and what it is.</summary>
public sealed record EncodedPicture(byte[] Bytes, string Hash, string ContentType, int Width, int Height);

/// <summary>An upload made safe to serve: the picture and its thumbnail.</summary>
public sealed record ReencodedUpload(EncodedPicture Picture, EncodedPicture Thumbnail);

/// <summary>Why an upload is refused, as the HTTP answer says it: status, stable code, message.</summary>
public sealed record UploadRefusal(int Status, string Code, string Message);

/// <summary>
/// Decodes an upload with ImageSharp and encodes it anew, so what is served is only pixels:
/// <list type="bullet">
/// <item>only JPEG, PNG, GIF and WebP are decoded (ImageSharp's TIFF, BMP, TGA and PBM decoders are left out: less to attack); anything else is not an image;</item>
/// <item>the size the header declares is checked before decoding, so a decompression bomb is never expanded;</item>
/// <item>the EXIF orientation is applied to the pixels, then every metadata profile (EXIF with its GPS position, ICC, IPTC, XMP, PNG text) is dropped;</item>
/// <item>an animation keeps its first frame;</item>
/// <item>PNG and GIF (drawings, screenshots, transparency) become PNG; JPEG and WebP (photos) become JPEG, transparency flattened onto white;</item>
/// <item>the picture is scaled down to <see cref="PicturesOptions.MaxDimension"/> and the thumbnail to <see cref="PicturesOptions.ThumbnailDimension"/>, aspect kept, never scaled up.</item>
/// </list>
/// </summary>
public static class PictureReencoding
{
    public const string Jpeg = "image/jpeg";
    public const string Png = "image/png";

    /// <summary>The decoders an upload may reach.</summary>
    private static readonly Configuration Decoders = new(
        new JpegConfigurationModule(), new PngConfigurationModule(), new GifConfigurationModule(), new WebpConfigurationModule());

    public static UploadRefusal NotAnImage { get; } =
        new(StatusCodes.Status415UnsupportedMediaType, "NOT_AN_IMAGE", "The file is not a JPEG, PNG, GIF or WebP image.");

    public static (ReencodedUpload? Upload, UploadRefusal? Refusal) Reencode(byte[] upload, PicturesOptions options)
    {
        IImageInfo? info;
        IImageFormat? format;
        try
        {
            info = Image.Identify(Decoders, upload, out format);
        }
        catch (Exception e) when (e is ImageFormatException or NotSupportedException)
        {
            return (null, NotAnImage);
        }
        if (info is null || format is null || info.Width <= 0 || info.Height <= 0) return (null, NotAnImage);
        if ((long)info.Width * info.Height > options.MaxPixels)
            return (null, new UploadRefusal(StatusCodes.Status413PayloadTooLarge, "TOO_MANY_PIXELS",
                $"The image is {info.Width}×{info.Height}; at most {options.MaxPixels:N0} pixels are accepted."));

        Image<Rgba32> image;
        try
        {
            image = Image.Load<Rgba32>(Decoders, upload, out format);
        }
        catch (Exception e) when (e is ImageFormatException or NotSupportedException)
        {
            return (null, NotAnImage);
        }
        using (image)
        {
            while (image.Frames.Count > 1) image.Frames.RemoveFrame(image.Frames.Count - 1);
            // Orientation lives in EXIF, which is about to go: turn the pixels first.
            image.Mutate(x => x.AutoOrient());
            StripMetadata(image);
            var asPng = format is PngFormat or GifFormat;
            if (!asPng) image.Mutate(x => x.BackgroundColor(Color.White));

            FitWithin(image, options.MaxDimension);
            var picture = Encode(image, asPng, options);
            using var thumbnail = image.Clone();
            FitWithin(thumbnail, options.ThumbnailDimension);
            return (new ReencodedUpload(picture, Encode(thumbnail, asPng, options)), null);
        }
    }

    /// <summary>The size fitting within a square of <paramref name="max"/>, aspect kept (rounded), never larger than the original.</summary>
    public static Size Fit(int width, int height, int max)
    {
        if (width <= max && height <= max) return new Size(width, height);
        var scale = (double)max / Math.Max(width, height);
        return new Size(Math.Max(1, (int)Math.Round(width * scale)), Math.Max(1, (int)Math.Round(height * scale)));
    }

    private static void FitWithin(Image image, int max)
    {
        var size = Fit(image.Width, image.Height, max);
        if (size != image.Size()) image.Mutate(x => x.Resize(size));
    }

    private static void StripMetadata(Image image)
    {
        var m = image.Metadata;
        m.ExifProfile = null;
        m.IccProfile = null;
        m.IptcProfile = null;
        m.XmpProfile = null;
        m.GetPngMetadata().TextData.Clear();
        foreach (var frame in image.Frames)
        {
            frame.Metadata.ExifProfile = null;
            frame.Metadata.IccProfile = null;
            frame.Metadata.IptcProfile = null;
            frame.Metadata.XmpProfile = null;
        }
    }

    private static EncodedPicture Encode(Image image, bool asPng, PicturesOptions options)
    {
        using var buffer = new MemoryStream();
        if (asPng) image.SaveAsPng(buffer, new PngEncoder());
        else image.SaveAsJpeg(buffer, new JpegEncoder { Quality = options.JpegQuality });
        var bytes = buffer.ToArray();
        return new EncodedPicture(bytes, BlobHash.Of(bytes), asPng ? Png : Jpeg, image.Width, image.Height);
    }
}
