namespace Cartoon.Storage;

public static class StorageProviders
{
    public const string FileSystem = "FileSystem";
    public const string S3 = "S3";
}
