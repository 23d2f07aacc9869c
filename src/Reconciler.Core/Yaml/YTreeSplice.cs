namespace Reconciler.Core.Yaml;

/// <summary>
/// Re-parses only the lines that edits touched, instead of the whole file.
/// </summary>
/// <remarks>
/// The planner reads a workflow again after every rule that edits it. Most edits change one line
/// (a pinned SHA, a quoted version) or add one block (a grant, <c>concurrency</c>), and parsing all
/// 150 lines again for that was most of a plan's time.
///
/// Each edit's lines are widened to whole entries of the deepest block collection that holds them.
/// Those lines are parsed on their own: a run of block entries that starts its line at the
/// collection's indentation means the same alone as in place, because block structure is decided
/// by indentation and nothing before the run changed. The new entries are spliced into a copy of
/// the tree whose later nodes are shifted by the edits' length and line deltas.
///
/// Whatever that argument doesn't cover falls back to a full parse (the caller's job when this
/// returns false): anchors and aliases, flow collections, an entry that doesn't start its line,
/// a fragment that doesn't parse as the same kind of collection at the same indentation, a block
/// scalar at the end of a run followed by blank or comment lines (its end position depends on
/// them). The planner also compares the final tree with a full parse of the final text.
/// </remarks>
internal static class YTreeSplice
{
    private const int MaxExtensions = 4;

    private static long _spliced;
    private static long _parsedWhole;

    /// <summary>How many re-parses were spliced and how many fell back to a full parse, since start (for the benchmark's breakdown).</summary>
    internal static (long Spliced, long ParsedWhole) Counts => (Interlocked.Read(ref _spliced), Interlocked.Read(ref _parsedWhole));

    /// <summary>The tree of <paramref name="newText"/>, made from <paramref name="root"/> (the tree of <paramref name="oldText"/>) and the edits between them; false when the caller must parse the whole text. <c>anchorFree</c>: the caller knows the old tree has no anchors or aliases (saves a walk).</summary>
    public static bool TryApply(YNode? root, string oldText, IReadOnlyList<TextEdit> edits, string newText, out YNode? result, bool anchorFree = false)
    {
        var ok = TrySplice(root, oldText, edits, newText, out result, anchorFree);
        Interlocked.Increment(ref ok ? ref _spliced : ref _parsedWhole);
        return ok;
    }

    private static bool TrySplice(YNode? root, string oldText, IReadOnlyList<TextEdit> edits, string newText, out YNode? result, bool anchorFree)
    {
        result = null;
        if (root is not YMap { IsFlow: false, Entries.Count: > 0 } map || oldText.StartsWith('\uFEFF') || (!anchorFree && HasAnchors(root)))
        {
            return false;
        }

        var regions = Regions(oldText, edits);
        if (regions.Count == 0)
        {
            result = root;
            return true;
        }

        var splice = new Splicer(map, oldText, newText);
        var r = 0;
        while (r < regions.Count)
        {
            var nextFrom = r + 1 < regions.Count ? regions[r + 1].EditFrom : int.MaxValue;
            if (!splice.Choose(regions[r], nextFrom))
            {
                return false;
            }

            if (regions[r].Merge == Merge.Next)
            {
                // The run reaches into the next region's lines: read both as one.
                regions[r].Absorb(regions[r + 1]);
                regions.RemoveAt(r + 1);
                continue;
            }

            if (regions[r].Merge == Merge.Previous)
            {
                // See Splicer.Try: the two regions are read as one.
                regions[r - 1].Absorb(regions[r]);
                regions.RemoveAt(r);
                r--;
                splice.Rewind(regions, r);
                continue;
            }

            splice.Advance(regions[r]);
            r++;
        }

        result = splice.Rebuild(regions);
        return result is not null;
    }

    /// <summary>Edits widened to whole lines (in both texts) and merged where they share lines, in file order.</summary>
    private static List<Region> Regions(string old, IReadOnlyList<TextEdit> edits)
    {
        var ordered = TextEdit.InOrder(edits);
        var regions = new List<Region>();
        foreach (var edit in ordered)
        {
            if (edit.Start == edit.End && edit.NewText.Length == 0)
            {
                continue;
            }

            var from = Text.LineStart(old, edit.Start);
            var to = edit.End;
            while (to < old.Length && !(Text.AtLineStart(old, to) && NewAtLineStart(old, edit, to)))
            {
                to = Text.LineEndWithNewline(old, to);
            }

            if (regions.Count > 0 && from <= regions[^1].EditTo)
            {
                regions[^1].Add(edit, from, to, old);
            }
            else
            {
                var region = new Region();
                region.Add(edit, from, to, old);
                regions.Add(region);
            }
        }

        return regions;
    }

    private enum Merge
    {
        None,
        Previous,
        Next,
    }

    /// <summary>
    /// Whether the text has a document marker or directive (<c>---</c>, <c>...</c>, <c>%</c>) at the start
    /// of a line: a fragment with one, or a cut next to one, reads differently alone.
    /// </summary>
    private static bool HasDocumentMarkers(string text)
    {
        for (var i = 0; i < text.Length; i = Text.LineEndWithNewline(text, i))
        {
            if (text[i] == '%' || (i + 3 <= text.Length && (string.CompareOrdinal(text, i, "---", 0, 3) == 0 || string.CompareOrdinal(text, i, "...", 0, 3) == 0)
                && (i + 3 == text.Length || text[i + 3] is ' ' or '\t' or '\r' or '\n')))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Whether <paramref name="at"/> (an old offset at or after the edit's end) is a line start once the edit is made.</summary>
    private static bool NewAtLineStart(string old, TextEdit edit, int at) =>
        at > edit.End ? old[at - 1] == '\n'
        : edit.NewText.Length > 0 ? edit.NewText[^1] == '\n'
        : edit.Start == 0 || old[edit.Start - 1] == '\n';

    private static bool HasAnchors(YNode root)
    {
        foreach (var node in root.Descendants())
        {
            if (node.Anchor is not null || node is YAlias)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Lines of the old text that edits touch, and what they become.</summary>
    private sealed class Region
    {
        public List<TextEdit> Edits { get; } = [];

        /// <summary>The edited lines: [EditFrom, EditTo) of the old text.</summary>
        public int EditFrom { get; private set; } = int.MaxValue;

        public int EditTo { get; private set; }

        /// <summary>Characters and lines the edits add (negative when they remove).</summary>
        public int Delta { get; private set; }

        public int LineDelta { get; private set; }

        /// <summary>The chosen run: entries [First, Last) of Collection, reached through Path; the old lines [From, To).</summary>
        public YNode? Collection { get; set; }

        public List<(YNode Collection, int Index)> Path { get; set; } = [];

        public int First { get; set; }

        public int Last { get; set; }

        public int From { get; set; }

        public int To { get; set; }

        /// <summary>The parsed fragment, positioned in the new text.</summary>
        public YNode? Replacement { get; set; }

        public void Add(TextEdit edit, int from, int to, string old)
        {
            Edits.Add(edit);
            EditFrom = Math.Min(EditFrom, from);
            EditTo = Math.Max(EditTo, to);
            Delta += edit.NewText.Length - (edit.End - edit.Start);
            LineDelta += Text.Count(edit.NewText, 0, edit.NewText.Length) - Text.Count(old, edit.Start, edit.End - edit.Start);
        }

        /// <summary>Takes in another region's edits; the lines of both regions' runs (where chosen) become edited lines.</summary>
        public void Absorb(Region other)
        {
            Edits.AddRange(other.Edits);
            EditFrom = Math.Min(Math.Min(EditFrom, other.EditFrom), Math.Min(Chosen ? From : int.MaxValue, other.Chosen ? other.From : int.MaxValue));
            EditTo = Math.Max(Math.Max(EditTo, other.EditTo), Math.Max(Chosen ? To : 0, other.Chosen ? other.To : 0));
            Delta += other.Delta;
            LineDelta += other.LineDelta;
            Chosen = false;
            Merge = Merge.None;
        }

        public bool Chosen { get; set; }

        /// <summary>Set instead of a run when the region must first be merged with a neighbour.</summary>
        public Merge Merge { get; set; }
    }

    /// <summary>Chooses each region's run, parses it, and builds the new tree.</summary>
    private sealed class Splicer(YMap root, string old, string next)
    {
        private readonly bool _rootHasMarkers = HasDocumentMarkers(old);

        // Deltas of the regions before the one being chosen, and the old line of the last region's start.
        private int _delta;
        private int _lineDelta;
        private int _countedTo;
        private int _countedLines = 1;
        private int _previousTo = -1;
        private int _previousFrom = -1;
        private int _nextFrom = int.MaxValue;

        public void Advance(Region region)
        {
            _delta += region.Delta;
            _lineDelta += region.LineDelta;
            _previousTo = region.To;
            _previousFrom = region.From;
        }

        /// <summary>Recomputes the running deltas after regions were merged: from the start, up to (not including) index <paramref name="upTo"/>.</summary>
        public void Rewind(List<Region> regions, int upTo)
        {
            _delta = _lineDelta = 0;
            _previousTo = _previousFrom = -1;
            for (var i = 0; i < upTo; i++)
            {
                Advance(regions[i]);
            }
        }

        public bool Choose(Region region, int nextFrom)
        {
            _nextFrom = nextFrom;
            var candidates = Candidates(region.EditFrom, region.EditTo);
            for (var c = candidates.Count - 1; c >= 0; c--)
            {
                var (collection, path, first, last) = candidates[c];
                for (var extension = 0; extension <= MaxExtensions; extension++)
                {
                    var outcome = Try(region, collection, path, first, last + extension);
                    if (outcome == Outcome.Accepted)
                    {
                        return true;
                    }

                    if (outcome == Outcome.Rejected || last + extension >= Count(collection))
                    {
                        break;
                    }
                }
            }

            return false;
        }

        private enum Outcome
        {
            Accepted,
            Rejected,

            /// <summary>The fragment ends in a block scalar whose end depends on the lines after it: take one more entry.</summary>
            Extend,
        }

        private Outcome Try(Region region, YNode collection, List<(YNode, int)> path, int first, int last)
        {
            var count = Count(collection);
            while (first > 0 && DeepLast(Last(collection, first - 1)) is YScalar { Style: YScalarStyle.Literal or YScalarStyle.Folded } scalar
                && scalar.End.Offset >= Math.Min(region.EditFrom, first < last ? Text.LineStart(old, StartOf(collection, first)) : int.MaxValue))
            {
                // A block scalar just before the cut ends at the next line with content: what the edit puts
                // there (blank lines, comments) moves its end, so it must be read again too.
                first--;
            }

            int from = region.EditFrom, to = region.EditTo;
            if (first < last)
            {
                if (!Leading(collection, first, out var start))
                {
                    return Outcome.Rejected;
                }

                from = Math.Min(from, start);
                to = Math.Max(to, SpanEnd(Last(collection, last - 1)));
            }
            else if (first == 0 && !Leading(collection, 0, out _))
            {
                return Outcome.Rejected;
            }

            if (from < Floor(path) || (path.Count == 0 && _rootHasMarkers))
            {
                return Outcome.Rejected;
            }

            // Where this run joins its collection: the end of the entry before it (or the parent's key line).
            var joins = first > 0 ? SpanEnd(Last(collection, first - 1)) : Floor(path);
            if (to > _nextFrom)
            {
                // The run reaches the next region's lines: the caller merges them and chooses again.
                (region.From, region.To, region.Chosen, region.Merge) = (from, to, true, Merge.Next);
                return Outcome.Accepted;
            }

            if (from <= _previousTo || _previousFrom >= joins || (collection.Start.Offset >= _previousFrom && collection.Start.Offset < _previousTo))
            {
                // The run reaches the previous region's lines, the previous region sits between this run and the
                // entry it follows (its new lines may close this collection), or this collection is one the previous
                // run replaces (an insertion at a collection's end can lie past blank lines): merge and choose again.
                (region.From, region.To, region.Chosen, region.Merge) = (from, to, true, Merge.Previous);
                return Outcome.Accepted;
            }

            var newFrom = from + _delta;
            var length = to - from + region.Delta;
            var fragment = next.Substring(newFrom, length);
            if (HasDocumentMarkers(fragment))
            {
                return Outcome.Rejected;
            }

            YNode? parsed;
            try
            {
                parsed = YTree.Parse(fragment);
            }
            catch (YamlSyntaxException)
            {
                return Outcome.Rejected;
            }

            if (parsed is null)
            {
                if (count - (last - first) == 0)
                {
                    return Outcome.Rejected; // an emptied block collection becomes a null scalar
                }
            }
            else if (!SameShape(collection, parsed) || HasAnchors(parsed) || DuplicateKey(collection, first, last, parsed))
            {
                return Outcome.Rejected;
            }
            else if (DeepLast(parsed) is YScalar { Style: YScalarStyle.Literal or YScalarStyle.Folded } && newFrom + length < next.Length
                && (!ClearAfter(newFrom + length) || EndsWithBlankLine(fragment)))
            {
                return Outcome.Extend;
            }

            var line = LineOf(from) + _lineDelta;
            region.Collection = collection;
            region.Path = path;
            region.First = first;
            region.Last = last;
            region.From = from;
            region.To = to;
            region.Chosen = true;
            region.Merge = Merge.None;
            region.Replacement = parsed is null ? null : Shift.Copy(parsed, newFrom, line - 1);
            return Outcome.Accepted;
        }

        /// <summary>Block collections that could hold the region, outermost first, with the run of their entries it touches.</summary>
        private List<(YNode Collection, List<(YNode, int)> Path, int First, int Last)> Candidates(int from, int to)
        {
            var result = new List<(YNode, List<(YNode, int)>, int, int)>();
            YNode collection = root;
            var path = new List<(YNode, int)>();
            while (true)
            {
                int first = -1, last = -1, before = 0;
                var count = Count(collection);
                for (var i = 0; i < count; i++)
                {
                    var (start, end) = (LineStartOf(collection, i), SpanEnd(Last(collection, i)));
                    var touches = from < to ? start < to && from < end : start < from && from < end;
                    if (touches)
                    {
                        first = first < 0 ? i : first;
                        last = i + 1;
                    }
                    else if (end <= from)
                    {
                        before = i + 1;
                    }
                }

                if (first < 0)
                {
                    first = last = before;
                }

                result.Add((collection, path, first, last));
                var inside = last - first == 1 ? first : first == last && first > 0 ? first - 1 : -1;
                if (inside < 0 || Child(collection, inside) is not { } child)
                {
                    return result;
                }

                path = [.. path, (collection, inside)];
                collection = child;
            }
        }

        /// <summary>The earliest offset a fragment of the collection at the end of <paramref name="path"/> may start: after its parent's key line.</summary>
        private int Floor(List<(YNode Collection, int Index)> path)
        {
            if (path.Count == 0)
            {
                return 0;
            }

            var (parent, index) = path[^1];
            return parent is YMap map ? Text.LineEndWithNewline(old, map.Entries[index].Key.End.Offset) : LineStartOf(parent, index);
        }

        private static YNode? Child(YNode collection, int index)
        {
            var node = collection is YMap map ? map.Entries[index].Value : ((YSeq)collection).Items[index];
            return node is YMap { IsFlow: false, Entries.Count: > 0 } or YSeq { IsFlow: false, Items.Count: > 0 } ? node : null;
        }

        private static int Count(YNode collection) => collection is YMap map ? map.Entries.Count : ((YSeq)collection).Items.Count;

        /// <summary>The node whose end is the end of entry <paramref name="index"/>.</summary>
        private static YNode Last(YNode collection, int index) => collection is YMap map ? map.Entries[index].Value : ((YSeq)collection).Items[index];

        private int LineStartOf(YNode collection, int index) => Text.LineStart(old, StartOf(collection, index));

        private static int StartOf(YNode collection, int index) =>
            collection is YMap map ? map.Entries[index].Key.Start.Offset : ((YSeq)collection).Items[index].Start.Offset;

        /// <summary>Whether entry <paramref name="index"/> begins its line (after indentation, and for a sequence the dash).</summary>
        private bool Leading(YNode collection, int index, out int lineStart)
        {
            var at = collection is YMap map ? map.Entries[index].Key.Start.Offset : ((YSeq)collection).Items[index].Start.Offset;
            lineStart = Text.LineStart(old, at);
            var i = lineStart;
            while (i < at && old[i] == ' ')
            {
                i++;
            }

            if (collection is YSeq)
            {
                if (i >= at || old[i] != '-')
                {
                    return false;
                }

                i++;
                while (i < at && old[i] == ' ')
                {
                    i++;
                }
            }

            return i == at;
        }

        /// <summary>The end of an entry's lines: past its last line's newline (a block scalar already ends at a line start).</summary>
        private int SpanEnd(YNode node) => Text.AtLineStart(old, node.End.Offset) ? node.End.Offset : Text.LineEndWithNewline(old, node.End.Offset);

        /// <summary>
        /// Whether the new text at <paramref name="at"/> is a line with content (not blank, not a comment).
        /// A block scalar ends at the next such line, so after one it ends the same alone as in place; with
        /// blank or comment lines around the cut, the scanner places its end differently.
        /// </summary>
        private bool ClearAfter(int at)
        {
            var i = at;
            while (i < next.Length && next[i] is ' ' or '\t')
            {
                i++;
            }

            return i < next.Length && next[i] is not ('\n' or '\r' or '#');
        }

        private static bool EndsWithBlankLine(string fragment)
        {
            var end = fragment.Length - 1; // the fragment's final newline
            var i = end - 1;
            while (i >= 0 && fragment[i] is ' ' or '\t' or '\r')
            {
                i--;
            }

            return i < 0 || fragment[i] == '\n';
        }

        private static bool SameShape(YNode collection, YNode parsed) => (collection, parsed) switch
        {
            (YMap, YMap { IsFlow: false, Entries.Count: > 0 } map) => map.Start.Column == collection.Start.Column,
            (YSeq, YSeq { IsFlow: false, Items.Count: > 0 } seq) => seq.Start.Column == collection.Start.Column,
            _ => false,
        };

        private static bool DuplicateKey(YNode collection, int first, int last, YNode parsed)
        {
            if (collection is not YMap map)
            {
                return false;
            }

            // A set of the fragment's keys: a scan per key would be quadratic in a large mapping.
            var keys = new HashSet<string>(StringComparer.Ordinal);
            foreach (var entry in ((YMap)parsed).Entries)
            {
                if (entry.Key is YScalar { Value: not "<<" } k)
                {
                    keys.Add(k.Value);
                }
            }

            for (var i = 0; i < map.Entries.Count; i++)
            {
                if ((i < first || i >= last) && map.Entries[i].Key is YScalar s && keys.Contains(s.Value))
                {
                    return true;
                }
            }

            return false;
        }

        private static YNode DeepLast(YNode node) => node switch
        {
            YMap { IsFlow: false, Entries.Count: > 0 } map => DeepLast(map.Entries[^1].Value),
            YSeq { IsFlow: false, Items.Count: > 0 } seq => DeepLast(seq.Items[^1]),
            _ => node,
        };

        /// <summary>1-based line of an old offset; offsets are asked for in increasing order, so it counts on from the last one.</summary>
        private int LineOf(int offset)
        {
            if (offset < _countedTo)
            {
                _countedTo = 0;
                _countedLines = 1;
            }

            _countedLines += Text.Count(old, _countedTo, offset - _countedTo);
            _countedTo = offset;
            return _countedLines;
        }

        public YNode? Rebuild(List<Region> regions)
        {
            var shifts = new Shifts(regions);
            var byCollection = new Dictionary<YNode, List<Region>>(ReferenceEqualityComparer.Instance);
            var onPath = new HashSet<YNode>(ReferenceEqualityComparer.Instance);
            foreach (var region in regions)
            {
                if (!byCollection.TryGetValue(region.Collection!, out var list))
                {
                    byCollection[region.Collection!] = list = [];
                }

                list.Add(region);
                onPath.Add(region.Collection!);
                foreach (var (ancestor, _) in region.Path)
                {
                    onPath.Add(ancestor);
                }
            }

            try
            {
                return Build(root, shifts, byCollection, onPath);
            }
            catch (DuplicateKeyException)
            {
                return null;
            }
        }

        /// <summary>Two regions added the same key to one mapping: a full parse reports it properly.</summary>
        private sealed class DuplicateKeyException : Exception;

        private YNode Build(YNode node, Shifts shifts, Dictionary<YNode, List<Region>> byCollection, HashSet<YNode> onPath)
        {
            if (!onPath.Contains(node))
            {
                var (delta, lines) = shifts.At(node.Start.Offset);
                return delta == 0 && lines == 0 ? node : Shift.Copy(node, delta, lines);
            }

            var regions = byCollection.GetValueOrDefault(node) ?? [];
            var build = new BuildState(this, node, shifts, byCollection, onPath);
            if (node is YMap map)
            {
                // Static lambdas with the state passed in: no closure per rebuilt node on this hot path.
                var entries = Children(
                    map.Entries.Count,
                    regions,
                    build,
                    static replacement => ((YMap)replacement).Entries,
                    static (b, i) => b.Entry(i),
                    static (b, i) => ((YMap)b.Node).Entries[i].Key.Start,
                    out var start);
                if (regions.Count > 1)
                {
                    RefuseDuplicateKeys(entries);
                }

                var result = new YMap(false, start, entries[^1].Value.End, null);
                result.Entries.AddRange(entries);
                return result;
            }

            var seq = (YSeq)node;
            var items = Children(
                seq.Items.Count,
                regions,
                build,
                static replacement => ((YSeq)replacement).Items,
                static (b, i) => b.Item(i),
                static (b, i) => i == 0 ? b.Node.Start : b.Self.Dash(((YSeq)b.Node).Items[i]),
                out var seqStart);
            var copy = new YSeq(false, seqStart, items[^1].End, null);
            copy.Items.AddRange(items);
            return copy;
        }

        /// <summary>
        /// A rebuilt collection's children in order: the old ones rebuilt (or moved), and each run a region
        /// replaces swapped for its fragment's children. <paramref name="start"/>: where the first child starts.
        /// </summary>
        private static List<T> Children<T>(
            int count,
            List<Region> regions,
            BuildState build,
            Func<YNode, IEnumerable<T>> replacementChildren,
            Func<BuildState, int, T> rebuild,
            Func<BuildState, int, SourcePosition> oldStart,
            out SourcePosition start)
        {
            var children = new List<T>(count + 4);
            SourcePosition? first = null;
            var r = 0;
            for (var i = 0; i <= count; i++)
            {
                while (r < regions.Count && regions[r].First == i)
                {
                    if (regions[r].Replacement is { } replacement)
                    {
                        first ??= replacement.Start;
                        children.AddRange(replacementChildren(replacement));
                    }

                    i = regions[r].Last;
                    r++;
                }

                if (i < count)
                {
                    first ??= Moved(oldStart(build, i), build.Shifts);
                    children.Add(rebuild(build, i));
                }
            }

            start = first!.Value;
            return children;
        }

        /// <summary>What rebuilding one collection's children needs.</summary>
        private readonly record struct BuildState(Splicer Self, YNode Node, Shifts Shifts, Dictionary<YNode, List<Region>> ByCollection, HashSet<YNode> OnPath)
        {
            public YEntry Entry(int i)
            {
                var entry = ((YMap)Node).Entries[i];
                return new YEntry(Self.Build(entry.Key, Shifts, ByCollection, OnPath), Self.Build(entry.Value, Shifts, ByCollection, OnPath));
            }

            public YNode Item(int i) => Self.Build(((YSeq)Node).Items[i], Shifts, ByCollection, OnPath);
        }

        private static void RefuseDuplicateKeys(List<YEntry> entries)
        {
            var keys = new HashSet<string>(StringComparer.Ordinal);
            foreach (var entry in entries)
            {
                if (entry.Key is YScalar { Value: not "<<" } key && !keys.Add(key.Value))
                {
                    throw new DuplicateKeyException();
                }
            }
        }

        /// <summary>Where the dash of a (line-leading) sequence item is.</summary>
        private SourcePosition Dash(YNode item)
        {
            var dash = old.LastIndexOf('-', item.Start.Offset - 1);
            return new SourcePosition(dash, item.Start.Line, item.Start.Column - (item.Start.Offset - dash));
        }

        private static SourcePosition Moved(SourcePosition position, Shifts shifts)
        {
            var (delta, lines) = shifts.At(position.Offset);
            return new SourcePosition(position.Offset + delta, position.Line + lines, position.Column);
        }
    }

    /// <summary>The cumulative shift at an old offset: the deltas of every region that ends at or before it.</summary>
    private sealed class Shifts
    {
        private readonly int[] _ends;
        private readonly int[] _deltas;
        private readonly int[] _lines;

        public Shifts(List<Region> regions)
        {
            _ends = new int[regions.Count];
            _deltas = new int[regions.Count];
            _lines = new int[regions.Count];
            int delta = 0, lines = 0;
            for (var i = 0; i < regions.Count; i++)
            {
                delta += regions[i].Delta;
                lines += regions[i].LineDelta;
                (_ends[i], _deltas[i], _lines[i]) = (regions[i].To, delta, lines);
            }
        }

        public (int Delta, int Lines) At(int offset)
        {
            var i = Array.BinarySearch(_ends, offset);
            // The last region with To <= offset.
            var index = i >= 0 ? LastEqual(i, offset) : ~i - 1;
            return index < 0 ? (0, 0) : (_deltas[index], _lines[index]);
        }

        private int LastEqual(int i, int offset)
        {
            while (i + 1 < _ends.Length && _ends[i + 1] == offset)
            {
                i++;
            }

            return i;
        }
    }

    /// <summary>Line arithmetic on raw text.</summary>
    private static class Text
    {
        public static int LineStart(string text, int offset) => offset <= 0 ? 0 : text.LastIndexOf('\n', Math.Min(offset, text.Length) - 1) + 1;

        public static int LineEndWithNewline(string text, int offset)
        {
            var i = text.IndexOf('\n', Math.Min(offset, text.Length));
            return i < 0 ? text.Length : i + 1;
        }

        public static bool AtLineStart(string text, int offset) => offset == 0 || (offset <= text.Length && text[offset - 1] == '\n');

        public static int Count(string text, int start, int length) => length <= 0 ? 0 : text.AsSpan(start, length).Count('\n');
    }
}
