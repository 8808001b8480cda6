namespace RpsVision.Tests.TestSupport;

/// <summary>NUnit categories, for <c>dotnet test --filter "TestCategory!=..."</c>.</summary>
internal static class TestCategories
{
    /// <summary>Needs the read-only data next to the repository, <c>../shared/data</c> (rps-28px, photos, photos-dev).</summary>
    public const string SharedData = "SharedData";
}
