using Reconciler.Worker.Storage;
using Reconciler.Worker.Tests.Support;

namespace Reconciler.Worker.Tests;

public sealed class SchemaBootstrapTests
{
    private const string CountTables =
        "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public' AND (table_name LIKE 'qrtz\\_%' OR table_name = 'reconcile_runs')";

    [Fact]
    public async Task Creating_the_schema_twice_changes_nothing_and_keeps_the_rows()
    {
        await using var db = await FreshDatabase.CreateAsync();

        await SchemaBootstrapper.EnsureAsync(db.DataSource, CancellationToken.None);
        var tables = await Runs.CountAsync(db.DataSource, CountTables);
        await using (var insert = db.DataSource.CreateCommand(
            "INSERT INTO reconcile_runs (repository, instance_id, mode, status) VALUES ('acme/kept', 'test', 'plan', 'in-sync')"))
        {
            await insert.ExecuteNonQueryAsync();
        }

        await SchemaBootstrapper.EnsureAsync(db.DataSource, CancellationToken.None);

        Assert.Equal(16, tables); // 15 Quartz tables and reconcile_runs
        Assert.Equal(tables, await Runs.CountAsync(db.DataSource, CountTables));
        Assert.Equal(1, await Runs.CountAsync(db.DataSource, "SELECT count(*) FROM reconcile_runs WHERE repository = 'acme/kept'"));
    }

    [Fact]
    public async Task Replicas_starting_together_on_an_empty_database_all_succeed()
    {
        await using var db = await FreshDatabase.CreateAsync();

        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => SchemaBootstrapper.EnsureAsync(db.DataSource, CancellationToken.None)));

        Assert.Equal(16, await Runs.CountAsync(db.DataSource, CountTables));
    }

    [Fact]
    public async Task A_worker_starts_on_a_fresh_database_and_Quartz_accepts_the_schema()
    {
        await using var db = await FreshDatabase.CreateAsync();
        using var org = TestOrg.Create();

        // Quartz validates every table and column it needs at startup (SchemaProvisioning.Validate),
        // so a start is the check that our DDL is the schema Quartz 4 expects.
        await using var node = await WorkerNode.StartAsync(db.ConnectionString, org.Path);

        Assert.False(string.IsNullOrEmpty(node.InstanceId));
        // The first check-in is written by the cluster manager shortly after the start, not during it.
        await Eventually.UntilAsync(
            () => Runs.CountAsync(db.DataSource, "SELECT count(*) FROM qrtz_scheduler_state WHERE sched_name = 'reconcile'"),
            count => count == 1,
            "the replica's first check-in");
        Assert.Equal(1, await Runs.CountAsync(db.DataSource, "SELECT count(*) FROM qrtz_cron_triggers WHERE trigger_name = 'sweep-org-schedule'"));
    }
}
