namespace RpsVision.Tests.TestSupport;

/// <summary>
/// One in-process serving host with a loaded model, and a client for it, shared by all the tests of a fixture.
/// </summary>
public abstract class ServingHostFixture
{
    /// <summary>The host.</summary>
    private protected ServingTestHost Host { get; private set; } = null!;

    /// <summary>A client of <see cref="Host"/>, returned once the model is ready.</summary>
    protected HttpClient Client { get; private set; } = null!;

    /// <summary>Configuration the fixture's host starts with, over appsettings.json; none by default.</summary>
    protected virtual IReadOnlyDictionary<string, string?>? Settings => null;

    [OneTimeSetUp]
    public async Task StartHostAsync()
    {
        Host = new ServingTestHost(Settings);
        Client = await Host.CreateReadyClientAsync();
    }

    [OneTimeTearDown]
    public void StopHost()
    {
        Client.Dispose();
        Host.Dispose();
    }
}
