using Npgsql;

namespace Reconciler.Worker.Tests.Support;

/// <summary>Reads <c>reconcile_runs</c> and the Quartz tables the way an operator would.</summary>
internal static class Runs
{
    public static async Task<IReadOnlyList<RunRow>> AllAsync(NpgsqlDataSource db)
    {
        await using var command = db.CreateCommand(
            "SELECT repository, instance_id, status, recovering, changes, error, reason FROM reconcile_runs ORDER BY id");
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<RunRow>();
        while (await reader.ReadAsync())
        {
            rows.Add(new RunRow(
                reader.GetString(0),
                reader.GetString(1),
                reader.GetString(2),
                reader.GetBoolean(3),
                reader.IsDBNull(4) ? null : reader.GetInt32(4),
                reader.IsDBNull(5) ? null : reader.GetString(5),
                reader.IsDBNull(6) ? null : reader.GetString(6)));
        }

        return rows;
    }

    public static async Task<IReadOnlyList<RunRow>> FinishedAsync(NpgsqlDataSource db) =>
        (await AllAsync(db)).Where(r => r.Status != "running").ToList();

    public static async Task<long> CountAsync(NpgsqlDataSource db, string sql)
    {
        await using var command = db.CreateCommand(sql);
        return Convert.ToInt64(await command.ExecuteScalarAsync());
    }

    /// <summary>Waits until <paramref name="expected"/> runs have finished and nothing is queued or firing, then returns every run.</summary>
    public static async Task<IReadOnlyList<RunRow>> QuietAsync(FreshDatabase db, int expected)
    {
        await Eventually.UntilAsync(() => FinishedAsync(db.DataSource), rows => rows.Count >= expected, $"{expected} finished runs");
        await Eventually.UntilAsync(
            () => CountAsync(db.DataSource, """
                SELECT (SELECT count(*) FROM qrtz_triggers WHERE trigger_group = 'repository')
                     + (SELECT count(*) FROM qrtz_fired_triggers WHERE job_group = 'repository')
                """),
            queued => queued == 0,
            "the repository queue to drain");
        var all = await AllAsync(db.DataSource);
        Assert.Equal(expected, all.Count);
        Assert.DoesNotContain(all, r => r.Status == "running");
        return all;
    }
}

internal sealed record RunRow(string Repository, string Instance, string Status, bool Recovering, int? Changes, string? Error, string? Reason);
