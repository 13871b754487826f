namespace Es.Ingest.Import;

/// <summary>
/// How the lines of one kind of file become commands. A mapping reads its file(s) and yields
/// <see cref="ImportRecord"/>s in ascending line order; it does no I/O beyond reading the files and
/// sends nothing: the importer batches, sends, counts and checkpoints.
/// </summary>
public interface IImportMapping
{
    /// <summary>The name given with <c>--mapping</c> (e.g. <c>uci-online-retail</c>).</summary>
    string Name { get; }

    /// <summary>What the file feeds; importing it as the other kind is a usage error.</summary>
    ImportKind Kind { get; }

    /// <summary>Every file the mapping reads for <paramref name="path"/> (Olist's orders file names three others): the import's identity is their content.</summary>
    IReadOnlyList<string> FilesFor(string path);

    /// <summary>Opens the file: how many units it holds (for the progress bar) and the units in line order.</summary>
    ImportPlan Open(ImportSource source);
}

/// <param name="Total">Units in the file (the progress bar's 100 %); an estimate is fine.</param>
public sealed record ImportPlan(int Total, IEnumerable<ImportRecord> Records);

/// <summary>The file being imported, as the mappings see it: its path, and the source ids its lines get.</summary>
/// <param name="Name">The file's name without its folder: what source ids and actors name (<c>file:NAME#LINE</c>).</param>
public sealed record ImportSource(string Path, string Name)
{
    /// <summary><c>file:NAME#LINE</c>, plus <c>:what</c> when one line yields several facts of one stream (an order placed, then delivered).</summary>
    public string SourceId(int line, string? what = null) => what is null ? $"file:{Name}#{line}" : $"file:{Name}#{line}:{what}";
}
