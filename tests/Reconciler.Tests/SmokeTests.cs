namespace Reconciler.Tests;

public class SmokeTests
{
    [Fact]
    public void Core_assembly_loads() => Assert.Equal("Reconciler.Core", typeof(Reconciler.Core.AssemblyMarker).Assembly.GetName().Name);
}
