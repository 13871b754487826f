using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Metadata.Profiles.Exif;
using SixLabors.ImageSharp.PixelFormats;

namespace Es.Api.Tests.Pictures;

/// <summary>Pictures from the outside: upload over HTTP, served cached and clean, attached through GraphQL by their uploader only.</summary>
public sealed class PicturesTests(ApiHost api) : IClassFixture<ApiHost>
{
    private const long MaxUploadBytes = 10 * 1024 * 1024; // PicturesOptions' default

    private static byte[] Jpeg(int width, int height, Action<ExifProfile>? exif = null)
    {
        using var image = new Image<Rgba32>(width, height, new Rgba32(200, 120, 40));
        // A second colour in the top-left corner so orientation can be seen in the pixels.
        for (var y = 0; y < Math.Min(10, height); y++)
            for (var x = 0; x < Math.Min(10, width); x++)
                image[x, y] = new Rgba32(0, 0, 255);
        if (exif is not null)
        {
            var profile = new ExifProfile();
            exif(profile);
            image.Metadata.ExifProfile = profile;
        }
        using var buffer = new MemoryStream();
        image.SaveAsJpeg(buffer);
        return buffer.ToArray();
    }

    private static byte[] Png(int width, int height)
    {
        using var image = new Image<Rgba32>(width, height, new Rgba32(10, 200, 10, 128));
        using var buffer = new MemoryStream();
        image.SaveAsPng(buffer);
        return buffer.ToArray();
    }

    /// <summary>A phone photo: the camera's make and where it was taken (Lisbon, 38°42'N 9°8'W).</summary>
    private static void PhoneExif(ExifProfile exif)
    {
        exif.SetValue(ExifTag.Make, "PhoneCo");
        exif.SetValue(ExifTag.GPSLatitudeRef, "N");
        exif.SetValue(ExifTag.GPSLatitude, [new Rational(38, 1), new Rational(42, 1), new Rational(0, 1)]);
        exif.SetValue(ExifTag.GPSLongitudeRef, "W");
        exif.SetValue(ExifTag.GPSLongitude, [new Rational(9, 1), new Rational(8, 1), new Rational(0, 1)]);
    }

    private async Task<HttpResponseMessage> UploadAsync(byte[] bytes, string? token, string fileName = "photo.jpg", string contentType = "image/jpeg")
    {
        var client = api.Host.Server.CreateClient();
        using var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(bytes);
        file.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        form.Add(file, "file", fileName);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/uploads") { Content = form };
        if (token is not null) request.Headers.Authorization = new("Bearer", token);
        return await client.SendAsync(request);
    }

    private async Task<JsonElement> UploadedAsync(byte[] bytes, string token, string fileName = "photo.jpg")
    {
        using var response = await UploadAsync(bytes, token, fileName);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"HTTP {(int)response.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    private static async Task<string> RefusalCode(HttpResponseMessage response, HttpStatusCode expected)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"expected {(int)expected}, got {(int)response.StatusCode}: {body}");
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var error = JsonDocument.Parse(body).RootElement;
        Assert.False(string.IsNullOrWhiteSpace(error.GetProperty("message").GetString()));
        return error.GetProperty("code").GetString()!;
    }

    private async Task<HttpResponseMessage> GetAsync(string url, string? ifNoneMatch = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        if (ifNoneMatch is not null) request.Headers.TryAddWithoutValidation("If-None-Match", ifNoneMatch);
        return await api.Host.Server.CreateClient().SendAsync(request);
    }

    [Fact]
    public async Task A_phone_photo_is_served_without_its_exif_and_gps_position_with_a_thumbnail_that_keeps_its_aspect()
    {
        var ana = await api.SignUpAsync("pic_ana");
        var photo = Jpeg(1200, 800, PhoneExif);
        // The test photo really carries the position the upload must drop.
        Assert.NotNull(Image.Identify(photo).Metadata.ExifProfile?.GetValue(ExifTag.GPSLatitude));

        var upload = await UploadedAsync(photo, ana.AccessToken);
        var id = upload.GetProperty("id").GetString()!;
        Assert.Matches("^[0-9a-f]{64}$", id);
        Assert.Equal((1200, 800), (upload.GetProperty("width").GetInt32(), upload.GetProperty("height").GetInt32()));
        Assert.Equal($"/images/{id}", upload.GetProperty("url").GetString());
        Assert.Equal($"/images/{id}/thumbnail", upload.GetProperty("thumbnailUrl").GetString());

        using var served = await GetAsync($"/images/{id}");
        Assert.Equal(HttpStatusCode.OK, served.StatusCode);
        Assert.Equal("image/jpeg", served.Content.Headers.ContentType?.MediaType);
        var bytes = await served.Content.ReadAsByteArrayAsync();
        // The id is the SHA-256 of exactly the bytes served.
        Assert.Equal(id, Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes)));
        var info = Image.Identify(bytes);
        Assert.Equal((1200, 800), (info.Width, info.Height));
        Assert.Null(info.Metadata.ExifProfile);
        Assert.Null(info.Metadata.XmpProfile);
        Assert.Null(info.Metadata.IccProfile);
        // Not only ImageSharp's reading of it: no EXIF segment and no camera make anywhere in the file.
        Assert.Equal(-1, bytes.AsSpan().IndexOf("Exif\0\0"u8));
        Assert.Equal(-1, bytes.AsSpan().IndexOf("PhoneCo"u8));

        using var thumbnail = await GetAsync($"/images/{id}/thumbnail");
        Assert.Equal(HttpStatusCode.OK, thumbnail.StatusCode);
        var thumb = Image.Identify(await thumbnail.Content.ReadAsByteArrayAsync());
        // 1200×800 into 320: 320 × 800·320/1200 = 320 × 213.3 → 213.
        Assert.Equal((320, 213), (thumb.Width, thumb.Height));
        Assert.Null(thumb.Metadata.ExifProfile);
    }

    [Fact]
    public async Task The_exif_orientation_is_applied_to_the_pixels_before_the_exif_is_dropped()
    {
        var ana = await api.SignUpAsync("pic_orient");
        // Orientation 6: the camera was held rotated; viewers turn the 300×100 picture 90° clockwise.
        var upload = await UploadedAsync(Jpeg(300, 100, e => e.SetValue(ExifTag.Orientation, (ushort)6)), ana.AccessToken);
        Assert.Equal((100, 300), (upload.GetProperty("width").GetInt32(), upload.GetProperty("height").GetInt32()));
        using var served = await GetAsync(upload.GetProperty("url").GetString()!);
        using var image = Image.Load<Rgba32>(await served.Content.ReadAsByteArrayAsync());
        Assert.Equal((100, 300), (image.Width, image.Height));
        // The blue corner (top-left of the stored pixels) is top-right once turned clockwise.
        Assert.True(image[97, 2].B > 150 && image[2, 2].B < 100, $"top-right {image[97, 2]}, top-left {image[2, 2]}");
    }

    [Fact]
    public async Task A_png_stays_a_png_and_a_small_picture_is_not_scaled_up()
    {
        var ana = await api.SignUpAsync("pic_png");
        var upload = await UploadedAsync(Png(100, 50), ana.AccessToken, "drawing.png");
        using var served = await GetAsync(upload.GetProperty("url").GetString()!);
        Assert.Equal("image/png", served.Content.Headers.ContentType?.MediaType);
        using var thumbnail = await GetAsync(upload.GetProperty("thumbnailUrl").GetString()!);
        var thumb = Image.Identify(await thumbnail.Content.ReadAsByteArrayAsync());
        Assert.Equal((100, 50), (thumb.Width, thumb.Height));
    }

    [Fact]
    public async Task The_same_picture_uploaded_twice_is_one_blob_with_one_id()
    {
        var ana = await api.SignUpAsync("pic_twice");
        var photo = Jpeg(64, 64);
        var first = (await UploadedAsync(photo, ana.AccessToken)).GetProperty("id").GetString()!;
        var second = (await UploadedAsync(photo, ana.AccessToken)).GetProperty("id").GetString()!;
        Assert.Equal(first, second);
        Assert.True(File.Exists(Path.Combine(api.BlobFolder, first[..2], first)));
    }

    [Fact]
    public async Task What_is_not_an_image_is_refused_with_415_not_an_image()
    {
        var ana = await api.SignUpAsync("pic_text");
        using var text = await UploadAsync(Encoding.UTF8.GetBytes("#!/bin/sh\necho this is not a picture\n"), ana.AccessToken);
        Assert.Equal("NOT_AN_IMAGE", await RefusalCode(text, HttpStatusCode.UnsupportedMediaType));

        // A real picture in a format Es does not decode (BMP) is refused the same way.
        using var image = new Image<Rgba32>(10, 10);
        using var bmp = new MemoryStream();
        image.SaveAsBmp(bmp);
        using var refused = await UploadAsync(bmp.ToArray(), ana.AccessToken, "old.bmp", "image/bmp");
        Assert.Equal("NOT_AN_IMAGE", await RefusalCode(refused, HttpStatusCode.UnsupportedMediaType));

        // A JPEG cut short after its header is not an image either.
        var truncated = Jpeg(400, 400)[..200];
        using var cut = await UploadAsync(truncated, ana.AccessToken);
        Assert.Equal("NOT_AN_IMAGE", await RefusalCode(cut, HttpStatusCode.UnsupportedMediaType));
    }

    [Fact]
    public async Task A_file_over_the_size_limit_is_refused_with_413()
    {
        var ana = await api.SignUpAsync("pic_big");
        // One byte over: the body passes the Content-Length check (boundaries are under the 16 KiB
        // allowance), so the file's own length is what refuses it.
        using var oneOver = await UploadAsync(new byte[MaxUploadBytes + 1], ana.AccessToken);
        Assert.Equal("TOO_LARGE", await RefusalCode(oneOver, HttpStatusCode.RequestEntityTooLarge));
        // Far over: refused from the Content-Length before the body is read.
        using var farOver = await UploadAsync(new byte[MaxUploadBytes + 64 * 1024], ana.AccessToken);
        Assert.Equal("TOO_LARGE", await RefusalCode(farOver, HttpStatusCode.RequestEntityTooLarge));
    }

    /// <summary>A PNG whose header declares <paramref name="width"/>×<paramref name="height"/> and holds no pixels: a decompression bomb's shape.</summary>
    private static byte[] PngHeaderOnly(int width, int height)
    {
        static byte[] Chunk(string type, byte[] data)
        {
            var typed = Encoding.ASCII.GetBytes(type).Concat(data).ToArray();
            var crc = 0xFFFFFFFFu;
            foreach (var b in typed)
            {
                crc ^= b;
                for (var k = 0; k < 8; k++) crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB88320u : crc >> 1;
            }
            return [.. BigEndian((uint)data.Length), .. typed, .. BigEndian(~crc)];
        }
        static byte[] BigEndian(uint v) => [(byte)(v >> 24), (byte)(v >> 16), (byte)(v >> 8), (byte)v];
        byte[] ihdr = [.. BigEndian((uint)width), .. BigEndian((uint)height), 8, 6, 0, 0, 0]; // 8-bit RGBA
        return [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A, .. Chunk("IHDR", ihdr), .. Chunk("IEND", [])];
    }

    [Fact]
    public async Task A_small_file_declaring_a_huge_canvas_is_refused_before_it_is_decoded()
    {
        var ana = await api.SignUpAsync("pic_bomb");
        // 10,000 × 10,000 = 100 million pixels (400 MB decoded) in a 45-byte file; the limit is 40 million.
        var bomb = PngHeaderOnly(10_000, 10_000);
        Assert.Equal(10_000, Image.Identify(bomb).Width);
        using var response = await UploadAsync(bomb, ana.AccessToken, "bomb.png", "image/png");
        Assert.Equal("TOO_MANY_PIXELS", await RefusalCode(response, HttpStatusCode.RequestEntityTooLarge));
    }

    [Fact]
    public async Task An_anonymous_upload_is_refused_with_401()
    {
        using var response = await UploadAsync(Jpeg(20, 20), token: null);
        Assert.Equal("UNAUTHENTICATED", await RefusalCode(response, HttpStatusCode.Unauthorized));
    }

    [Fact]
    public async Task Anything_but_multipart_is_refused_and_so_is_a_form_without_exactly_one_file()
    {
        var ana = await api.SignUpAsync("pic_form");
        var client = api.Host.Server.CreateClient();
        using var raw = new HttpRequestMessage(HttpMethod.Post, "/uploads") { Content = new ByteArrayContent(Jpeg(20, 20)) };
        raw.Content.Headers.ContentType = new MediaTypeHeaderValue("image/jpeg");
        raw.Headers.Authorization = new("Bearer", ana.AccessToken);
        Assert.Equal("MULTIPART_REQUIRED", await RefusalCode(await client.SendAsync(raw), HttpStatusCode.UnsupportedMediaType));

        using var two = new MultipartFormDataContent { { new ByteArrayContent(Jpeg(20, 20)), "a", "a.jpg" }, { new ByteArrayContent(Jpeg(20, 20)), "b", "b.jpg" } };
        using var request = new HttpRequestMessage(HttpMethod.Post, "/uploads") { Content = two };
        request.Headers.Authorization = new("Bearer", ana.AccessToken);
        Assert.Equal("ONE_FILE_EXPECTED", await RefusalCode(await client.SendAsync(request), HttpStatusCode.BadRequest));
    }

    [Fact]
    public async Task Images_are_cached_for_good_and_a_matching_if_none_match_gets_304()
    {
        var ana = await api.SignUpAsync("pic_cache");
        var upload = await UploadedAsync(Jpeg(50, 40), ana.AccessToken);
        var id = upload.GetProperty("id").GetString()!;

        using var first = await GetAsync($"/images/{id}");
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal($"\"{id}\"", first.Headers.ETag?.ToString());
        Assert.Equal("public, max-age=31536000, immutable", string.Join(", ", first.Headers.GetValues("Cache-Control")));
        Assert.Equal("nosniff", first.Headers.GetValues("X-Content-Type-Options").Single());

        using var again = await GetAsync($"/images/{id}", ifNoneMatch: $"\"{id}\"");
        Assert.Equal(HttpStatusCode.NotModified, again.StatusCode);
        Assert.Empty(await again.Content.ReadAsByteArrayAsync());
        Assert.Equal($"\"{id}\"", again.Headers.ETag?.ToString());
        Assert.Contains("immutable", string.Join(", ", again.Headers.GetValues("Cache-Control")));

        using var other = await GetAsync($"/images/{id}", ifNoneMatch: $"\"{new string('0', 64)}\"");
        Assert.Equal(HttpStatusCode.OK, other.StatusCode);

        // The thumbnail is its own blob with its own tag.
        using var thumbnail = await GetAsync($"/images/{id}/thumbnail");
        var tag = thumbnail.Headers.ETag!.Tag;
        Assert.Matches("^\"[0-9a-f]{64}\"$", tag);
        using var thumbnailAgain = await GetAsync($"/images/{id}/thumbnail", ifNoneMatch: tag);
        Assert.Equal(HttpStatusCode.NotModified, thumbnailAgain.StatusCode);
    }

    [Theory]
    [InlineData("/images/..%2F..%2F..%2Fetc%2Fpasswd")]
    [InlineData("/images/..%2F..%2F..%2Fetc%2Fpasswd/thumbnail")]
    [InlineData("/images/%2Fetc%2Fpasswd")]
    [InlineData("/images/ABCDEF0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF0123456789")]
    [InlineData("/images/0000000000000000000000000000000000000000000000000000000000000000")]
    [InlineData("/images/0000000000000000000000000000000000000000000000000000000000000000/thumbnail")]
    public async Task Unknown_or_malformed_image_ids_are_404_and_never_reach_the_disk(string url)
    {
        using var response = await GetAsync(url);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Null(response.Headers.CacheControl?.MaxAge);
    }

    private const string Publish = """
        mutation($input: PublishPostInput!) { publishPost(input: $input) { id } }
        """;
    private const string Attach = """
        mutation($post: ID!, $uploads: [ID!]!) {
          attachPostImages(postId: $post, uploadIds: $uploads) { id images { id url thumbnailUrl width height } }
        }
        """;
    private const string SetPhoto = "mutation($upload: ID) { setProfilePhoto(uploadId: $upload) { handle photo { id url thumbnailUrl width height } } }";

    [Fact]
    public async Task Only_the_uploader_can_attach_an_upload_and_the_posts_images_show_in_order_in_the_feed()
    {
        var ana = await api.SignUpAsync("pic_author");
        var bea = await api.SignUpAsync("pic_other");
        var first = (await UploadedAsync(Jpeg(640, 480), ana.AccessToken)).GetProperty("id").GetString()!;
        var second = (await UploadedAsync(Jpeg(480, 640), ana.AccessToken)).GetProperty("id").GetString()!;
        var anasPost = (await api.DataAsync(Publish, new { input = new { title = "Our walk", body = "Photos!", region = "Seoul Mapo", tags = new[] { "pictures" } } }, ana.AccessToken))
            .GetProperty("publishPost").GetProperty("id").GetString()!;
        var beasPost = (await api.DataAsync(Publish, new { input = new { title = "Mine", body = "No photos", region = "Seoul Mapo", tags = Array.Empty<string>() } }, bea.AccessToken))
            .GetProperty("publishPost").GetProperty("id").GetString()!;

        // Bea cannot put Ana's upload on her own post.
        var stolen = ApiHost.SingleError(await api.GraphQLAsync(Attach, new { post = beasPost, uploads = new[] { first } }, bea.AccessToken));
        Assert.Equal("FORBIDDEN", ApiHost.Code(stolen));
        Assert.Equal("NOT_YOUR_UPLOAD", stolen.GetProperty("extensions").GetProperty("reason").GetString());
        Assert.Equal("uploadIds[0]", stolen.GetProperty("extensions").GetProperty("field").GetString());

        // Bea cannot put images on Ana's post either, even her own upload: the domain checks authorship.
        var beasUpload = (await UploadedAsync(Jpeg(30, 30), bea.AccessToken)).GetProperty("id").GetString()!;
        var notAuthor = ApiHost.SingleError(await api.GraphQLAsync(Attach, new { post = anasPost, uploads = new[] { beasUpload } }, bea.AccessToken));
        Assert.Equal(("FORBIDDEN", "NOT_THE_AUTHOR"), (ApiHost.Code(notAuthor), notAuthor.GetProperty("extensions").GetProperty("reason").GetString()));

        var unknown = ApiHost.SingleError(await api.GraphQLAsync(Attach, new { post = anasPost, uploads = new[] { new string('e', 64) } }, ana.AccessToken));
        Assert.Equal(("NOT_FOUND", "UPLOAD_NOT_FOUND"), (ApiHost.Code(unknown), unknown.GetProperty("extensions").GetProperty("reason").GetString()));

        var attached = (await api.DataAsync(Attach, new { post = anasPost, uploads = new[] { first, second } }, ana.AccessToken)).GetProperty("attachPostImages");
        Assert.Equal([first, second], attached.GetProperty("images").EnumerateArray().Select(i => i.GetProperty("id").GetString()));
        var image = attached.GetProperty("images")[1];
        Assert.Equal((480, 640), (image.GetProperty("width").GetInt32(), image.GetProperty("height").GetInt32()));
        Assert.Equal($"/images/{second}/thumbnail", image.GetProperty("thumbnailUrl").GetString());

        // The feed shows each post's images from one batched read; a post without any shows an empty list.
        var feed = await api.DataAsync("""
            query { feed(region: "Seoul Mapo", first: 20) { nodes { id images { id } } } }
            """);
        var nodes = feed.GetProperty("feed").GetProperty("nodes").EnumerateArray().ToDictionary(n => n.GetProperty("id").GetString()!, n => n.GetProperty("images"));
        Assert.Equal([first, second], nodes[anasPost].EnumerateArray().Select(i => i.GetProperty("id").GetString()));
        Assert.Equal(0, nodes[beasPost].GetArrayLength());
    }

    [Fact]
    public async Task A_member_sets_and_removes_their_profile_photo_and_it_shows_on_their_posts()
    {
        var ana = await api.SignUpAsync("pic_face");
        var bea = await api.SignUpAsync("pic_thief");
        var face = (await UploadedAsync(Jpeg(400, 400, PhoneExif), ana.AccessToken)).GetProperty("id").GetString()!;

        var refused = ApiHost.SingleError(await api.GraphQLAsync(SetPhoto, new { upload = face }, bea.AccessToken));
        Assert.Equal(("FORBIDDEN", "NOT_YOUR_UPLOAD"), (ApiHost.Code(refused), refused.GetProperty("extensions").GetProperty("reason").GetString()));
        var malformed = ApiHost.SingleError(await api.GraphQLAsync(SetPhoto, new { upload = "../../etc/passwd" }, ana.AccessToken));
        Assert.Equal("VALIDATION", ApiHost.Code(malformed));
        var anonymous = ApiHost.SingleError(await api.GraphQLAsync(SetPhoto, new { upload = face }));
        Assert.Equal("UNAUTHENTICATED", ApiHost.Code(anonymous));

        var set = (await api.DataAsync(SetPhoto, new { upload = face }, ana.AccessToken)).GetProperty("setProfilePhoto").GetProperty("photo");
        Assert.Equal(face, set.GetProperty("id").GetString());
        Assert.Equal((400, 400), (set.GetProperty("width").GetInt32(), set.GetProperty("height").GetInt32()));
        Assert.Equal($"/images/{face}", set.GetProperty("url").GetString());

        await api.DataAsync(Publish, new { input = new { title = "Hello", body = "It's me", region = "Busan Haeundae", tags = new[] { "photo-author" } } }, ana.AccessToken);
        var feed = await api.DataAsync("""query { feed(tag: "photo-author") { nodes { author { handle photo { id } } } } }""");
        Assert.Equal(face, feed.GetProperty("feed").GetProperty("nodes")[0].GetProperty("author").GetProperty("photo").GetProperty("id").GetString());
        Assert.Equal(JsonValueKind.Null, (await api.DataAsync("query { member(handle: \"pic_thief\") { photo { id } } }")).GetProperty("member").GetProperty("photo").ValueKind);

        var removed = (await api.DataAsync(SetPhoto, new { upload = (string?)null }, ana.AccessToken)).GetProperty("setProfilePhoto");
        Assert.Equal(JsonValueKind.Null, removed.GetProperty("photo").ValueKind);
        Assert.Equal(JsonValueKind.Null, (await api.DataAsync("query { me { photo { id } } }", token: ana.AccessToken)).GetProperty("me").GetProperty("photo").ValueKind);
    }
}
