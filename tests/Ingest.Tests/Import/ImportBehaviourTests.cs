using System.CommandLine;
using Es.Commands;
using Es.Domain;
using Es.Ingest.Import;
using Spectre.Console;
using Command = Es.Domain.Command;

namespace Es.Ingest.Tests.Import;

public sealed class BadSalesLineTests(ImportFixture db) : IClassFixture<ImportFixture>
{
    [Fact]
    public async Task Bad_sales_lines_are_reported_with_their_line_and_reason_and_the_other_lines_are_stored()
    {
        var path = db.WriteFile("sales-with-bad-lines.csv", """
            sale_id,type,merchant_id,platform,customer_token,amount,currency,at,refund_id,merchant_name,merchant_category,merchant_time_zone
            S-1,sale,m-bad-1,web,c-1,12.50,EUR,2026-01-05T10:00:00+01:00,,Cafe One,cafe,Europe/Lisbon
            S-2,sale,m-bad-1,web,c-2,twelve,EUR,2026-01-05T10:00:00Z,,,,
            S-3,sale,m-bad-1,web,,9.00,EUR,2026-01-05T10:00:00Z,,,,
            S-4,sale,m-bad-1,web,c-4,9.001,EUR,2026-01-05T10:00:00Z,,,,
            S-1,refund,,,,5.00,EUR,2026-01-04T10:00:00Z,R-1,,,
            S-1,refund,,,,5.00,EUR,2026-01-06T10:00:00Z,R-2,,,
            S-9,refund,,,,1.00,EUR,2026-01-06T10:00:00Z,R-3,,,
            S-5,sale,m-bad-1,web,c-5,3.00,EUR,yesterday,,,,
            S-6,sale,m-bad-1,web,c-6,4.00,EUR,2026-01-07T10:00:00Z,,,,
            S-7,sale,m-bad-1,web,"c-7, with a comma",4.00,EUR,2026-01-07T11:00:00Z,,,,
            """);
        var observer = new RecordingObserver();

        var summary = await db.Importer(batchUnits: 3).RunAsync(new ImportRequest(ImportKind.Sales, path), observer);

        Assert.Equal(
        [
            (3, "BAD_NUMBER"),                            // wrong type
            (4, "MISSING_FIELD"),                         // no customer
            (5, "TOO_MANY_DECIMALS"),                     // the domain's shape rule
            (6, Sale.Reasons.RefundBeforeApproval),       // a rule broken against the stored sale
            (8, Sale.Reasons.NotFound),
            (9, "BAD_TIME"),
        ], observer.Problems.OrderBy(p => p.Line).Select(p => (p.Line, p.Code)).ToArray());
        Assert.Contains(observer.Problems, p => p.Line == 3 && p.Message.Contains("'amount'") && p.Message.Contains("twelve"));
        Assert.Equal(4, summary.Stored); // lines 2, 7, 10, 11
        Assert.Equal(6, summary.Rejected);
        Assert.Equal(1, summary.RejectedBy["BAD_NUMBER"]);
        var counts = await db.EventCountsAsync();
        Assert.Equal(3, counts[ImportFixture.TypeName<SaleRecorded>()]);
        Assert.Equal(1, counts[ImportFixture.TypeName<SaleRefunded>()]);
        Assert.Equal(1, counts[ImportFixture.TypeName<MerchantRegistered>()]);
        Assert.Equal("file:sales-with-bad-lines.csv#7", await db.ScalarAsync<string>(
            "SELECT user_name FROM {schema}.mt_events WHERE type = 'SaleRefunded'"));
        Assert.Equal("c-7, with a comma", await db.ScalarAsync<string>(
            "SELECT data->>'customerToken' FROM {schema}.mt_events WHERE data->>'sourceId' = 'file:sales-with-bad-lines.csv#11'"));
    }
}

public sealed class BadOrderLineTests(ImportFixture db) : IClassFixture<ImportFixture>
{
    [Fact]
    public async Task Bad_order_lines_are_reported_and_the_good_ones_are_stored()
    {
        var path = db.WriteFile("orders-with-bad-lines.csv", """
            order_id,type,customer_token,restaurant_id,items,total,currency,address_area,at,distance_km,fee,rating
            O-1,placed,c-1,r-bad-1,2 x Bibimbap @ 9.50; 1 x Tea @ 2.00,21.00,KRW,Mapo,2026-01-05T12:00:00+09:00,,,
            O-2,placed,c-1,r-bad-1,2 x Bibimbap @ 9.50,20.00,EUR,Mapo,2026-01-05T12:00:00+09:00,,,
            O-3,placed,c-1,r-bad-1,two bibimbaps,,EUR,Mapo,2026-01-05T12:00:00+09:00,,,
            O-4,placed,c-2,r-bad-1,1 x Kimchi @ 5.00,,EUR,Mapo,2026-01-05T12:00:00+09:00,,,
            O-4,delivered,,,,,EUR,,2026-01-05T11:00:00+09:00,2.5,1.00,
            O-4,delivered,,,,,EUR,,2026-01-05T12:40:00+09:00,2.5,1.00,
            O-4,rated,,,,,,,2026-01-05T13:00:00+09:00,,,9
            O-4,rated,,,,,,,2026-01-05T13:00:00+09:00,,,5
            """);
        var observer = new RecordingObserver();

        var summary = await db.Importer().RunAsync(new ImportRequest(ImportKind.Orders, path, "generic"), observer);

        Assert.Equal(
        [
            (2, "TOO_MANY_DECIMALS"),                 // KRW has no minor unit
            (3, "TOTAL_MISMATCH"),                    // 2 × 9.50 is not 20.00
            (4, "BAD_ITEMS"),
            (6, Order.Reasons.DeliveredBeforePlaced),
            (8, "INCLUSIVE_BETWEEN"),                 // a rating of 9
        ], observer.Problems.OrderBy(p => p.Line).Select(p => (p.Line, p.Code)).ToArray());
        Assert.Equal(3, summary.Stored);
        var counts = await db.EventCountsAsync();
        Assert.Equal(1, counts[ImportFixture.TypeName<OrderPlaced>()]);
        Assert.Equal(1, counts[ImportFixture.TypeName<OrderDelivered>()]);
        Assert.Equal(1, counts[ImportFixture.TypeName<OrderRated>()]);
    }
}

public sealed class ResumeTests(ImportFixture db) : IClassFixture<ImportFixture>
{
    [Fact]
    public async Task An_import_interrupted_mid_batch_and_run_again_continues_after_its_checkpoint_and_stores_each_line_once()
    {
        // 300 orders, each placed, picked up, delivered: 900 events when every line is stored once.
        var lines = Enumerable.Range(0, 300).SelectMany(i => new[]
        {
            $"R-{i},placed,c-{i % 37},r-resume-{i % 5},1 x Noodles @ {10 + i % 7}.00,,EUR,Mapo,2026-01-05T12:00:00+09:00,,",
            $"R-{i},picked_up,,,,,,,2026-01-05T12:20:00+09:00,,",
            $"R-{i},delivered,,,,,EUR,,2026-01-05T12:40:00+09:00,2.5,1.00",
        });
        var path = db.WriteFile("orders-to-resume.csv",
            "order_id,type,customer_token,restaurant_id,items,total,currency,address_area,at,distance_km,fee\n" + string.Join('\n', lines));
        using var interrupt = new CancellationTokenSource();
        // The interruption comes in the middle of the fourth batch: 50 of its 100 commands are stored, its checkpoint is not.
        var stopping = new InterruptAfter(new PipelineBatchSender(db.Pipeline), commands: 3 * 100 + 50, interrupt);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            db.Importer(stopping, batchUnits: 100).RunAsync(new ImportRequest(ImportKind.Orders, path, "generic"), ct: interrupt.Token));
        var afterInterruption = (await db.EventCountsAsync()).Values.Sum();
        Assert.Equal(350, afterInterruption);

        var observer = new RecordingObserver();
        var resumed = await db.Importer(batchUnits: 100).RunAsync(new ImportRequest(ImportKind.Orders, path, "generic"), observer);

        Assert.Equal(301, resumed.ResumedAfterLine); // the header, then three batches of 100 lines
        Assert.Equal(300, resumed.ResumedPast);
        Assert.Equal(50, resumed.AlreadyKnown);  // the half batch stored before the interruption
        Assert.Equal(550, resumed.Stored);
        Assert.Equal(0, resumed.Rejected);
        Assert.Empty(observer.Problems);
        var counts = await db.EventCountsAsync();
        Assert.Equal(300, counts[ImportFixture.TypeName<OrderPlaced>()]);
        Assert.Equal(300, counts[ImportFixture.TypeName<OrderPickedUp>()]);
        Assert.Equal(300, counts[ImportFixture.TypeName<OrderDelivered>()]);
        Assert.Equal(900, counts.Values.Sum());
        Assert.Equal(900L, await db.ScalarAsync<long>("SELECT count(DISTINCT data->>'sourceId') FROM {schema}.mt_events"));

        // Finished: the next run starts over, and finds every line known.
        var again = await db.Importer(batchUnits: 100).RunAsync(new ImportRequest(ImportKind.Orders, path, "generic"));
        Assert.Equal(0, again.ResumedAfterLine);
        Assert.Equal(900, again.AlreadyKnown);
        Assert.Equal(900, (await db.EventCountsAsync()).Values.Sum());
    }
}

public sealed class CliImportTests(ImportFixture db) : IClassFixture<ImportFixture>
{
    [Fact]
    public async Task Cli_import_prints_each_rejected_line_and_a_summary_and_exits_1_when_a_line_was_rejected_0_when_none()
    {
        var good = db.WriteFile("cli-sales.csv", """
            sale_id,merchant_id,platform,customer_token,amount,currency,at
            C-1,m-cli,pos,card-1,10.00,USD,2026-02-01T09:00:00-05:00
            C-2,m-cli,pos,card-2,20.00,USD,2026-02-01T10:00:00-05:00
            C-3,m-cli,pos,card-1,30.00,USD,2026-02-01T11:00:00-05:00
            """);
        var (exit, output) = await RunCliAsync("import", "sales", good);
        Assert.True(exit == ImportCommand.Ok, output);
        Assert.Contains("Importing cli-sales.csv with the generic mapping: 3 lines.", output);
        Assert.Contains("3 stored, 0 already known, 0 rejected, 0 skipped; 3 events appended.", output);

        (exit, output) = await RunCliAsync("import", "sales", good);
        Assert.True(exit == ImportCommand.Ok, output);
        Assert.Contains("0 stored, 3 already known, 0 rejected, 0 skipped; 0 events appended.", output);

        var bad = db.WriteFile("cli-bad-sales.csv", """
            sale_id,merchant_id,platform,customer_token,amount,currency,at
            C-11,m-cli,pos,card-1,10.00,USD,2026-02-01T09:00:00-05:00
            C-12,m-cli,pos,card-2,ten,USD,2026-02-01T10:00:00-05:00
            """);
        (exit, output) = await RunCliAsync("import", "sales", bad);
        Assert.True(exit == ImportCommand.SomeRejected, output);
        Assert.Contains("line 3: BAD_NUMBER: 'amount' is not a number: \"ten\".", output);
        Assert.Contains("1 stored, 0 already known, 1 rejected, 0 skipped; 1 events appended.", output);
        Assert.Contains("rejected BAD_NUMBER: 1", output);

        (exit, output) = await RunCliAsync("import", "sales", SampleData.Path("foodhub_order.csv"));
        Assert.True(exit == ImportCommand.Usage, output);
        Assert.Contains("The foodhub mapping imports orders, not sales.", output);
    }

    private async Task<(int Exit, string Output)> RunCliAsync(params string[] args)
    {
        var output = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
            Out = new AnsiConsoleOutput(output),
        });
        console.Profile.Width = 240;
        var root = new RootCommand { ImportCommand.Create(() => db.Importer(), console) };
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        var exit = await root.Parse(args).InvokeAsync(cancellationToken: timeout.Token);
        return (exit, output.ToString());
    }
}

/// <summary>Passes the first <c>commands</c> commands on, then interrupts the import as Ctrl-C would.</summary>
internal sealed class InterruptAfter(ICommandBatchSender inner, int commands, CancellationTokenSource interrupt) : ICommandBatchSender
{
    private int _sent;

    public async Task<IReadOnlyList<CommandResult>> SendManyAsync(IReadOnlyList<(Command Command, CommandContext Context)> batch, CancellationToken ct)
    {
        var room = commands - _sent;
        if (room >= batch.Count)
        {
            _sent += batch.Count;
            return await inner.SendManyAsync(batch, ct);
        }
        await inner.SendManyAsync(batch.Take(room).ToList(), ct);
        _sent = commands;
        await interrupt.CancelAsync();
        ct.ThrowIfCancellationRequested();
        throw new InvalidOperationException("unreachable");
    }
}
