using Microsoft.Extensions.Options;

namespace Es.Api.Pictures;

public static class PicturesServiceCollectionExtensions
{
    /// <summary>Uploads, their table, and the blob store: a local folder, or S3 when <c>Es:Blobs:S3:Endpoint</c> is set.</summary>
    public static IServiceCollection AddPictures(this IServiceCollection services)
    {
        services.AddOptions<PicturesOptions>().BindConfiguration(PicturesOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<BlobOptions>().BindConfiguration(BlobOptions.Section)
            .Validate(o => !o.S3.IsConfigured || (o.S3.AccessKey is { Length: > 0 } && o.S3.SecretKey is { Length: > 0 } && o.S3.Bucket.Length > 0),
                "Es:Blobs:S3 needs AccessKey, SecretKey and Bucket with its Endpoint.")
            .ValidateOnStart();
        services.AddSingleton<UploadStore>();
        services.AddSingleton<PictureReads>();
        services.AddSingleton<ReencodingSlots>();
        services.AddSingleton<IBlobStore>(sp =>
        {
            var o = sp.GetRequiredService<IOptions<BlobOptions>>().Value;
            if (o.S3.IsConfigured) return S3BlobStore.Create(o.S3);
            var root = Path.Combine(sp.GetRequiredService<IHostEnvironment>().ContentRootPath, o.Path);
            return new LocalFolderBlobStore(root);
        });
        services.AddHostedService<PicturesStartup>();
        return services;
    }

    /// <summary>Creates the uploads table before the host serves.</summary>
    private sealed class PicturesStartup(UploadStore uploads) : IHostedService
    {
        public Task StartAsync(CancellationToken ct) => uploads.MigrateAsync(ct);

        public Task StopAsync(CancellationToken ct) => Task.CompletedTask;
    }
}
