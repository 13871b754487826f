namespace Es.GraphQL.Validation;

/// <summary>
/// Array.prototype.sort as V8 runs it on short arrays: the initial run is found (and reversed when
/// descending), then binary insertion sort. graphql-js sorts suggestions with comparators that are
/// not total orders (interfaces before their implementations), so only the same algorithm gives
/// the same order.
/// </summary>
internal static class JsArraySort
{
    // V8's TimSort sorts arrays shorter than this as one run.
    private const int SingleRunLength = 64;

    public static void Sort<T>(List<T> items, Comparison<T> compare)
    {
        int length = items.Count;
        if (length < 2) return;
        if (length >= SingleRunLength)
        {
            // Longer lists never reach here from the rules (they sort at most a schema's possible types); stay stable.
            var sorted = items.Select((item, index) => (item, index)).ToList();
            sorted.Sort((a, b) => compare(a.item, b.item) is var order && order != 0 ? order : a.index.CompareTo(b.index));
            for (int i = 0; i < length; i++) items[i] = sorted[i].item;
            return;
        }
        int runLength = CountAndMakeRun(items, compare, length);
        BinaryInsertionSort(items, compare, runLength, length);
    }

    private static int CountAndMakeRun<T>(List<T> items, Comparison<T> compare, int high)
    {
        int low = 1;
        if (low == high) return 1;
        int runLength = 2;
        bool isDescending = compare(items[low], items[low - 1]) < 0;
        var previous = items[low];
        for (int index = low + 1; index < high; index++)
        {
            var current = items[index];
            int order = compare(current, previous);
            if (isDescending ? order >= 0 : order < 0) break;
            previous = current;
            runLength++;
        }
        if (isDescending) items.Reverse(0, runLength);
        return runLength;
    }

    private static void BinaryInsertionSort<T>(List<T> items, Comparison<T> compare, int start, int high)
    {
        for (; start < high; start++)
        {
            int left = 0, right = start;
            var pivot = items[start];
            while (left < right)
            {
                int middle = left + ((right - left) >> 1);
                if (compare(pivot, items[middle]) < 0) right = middle;
                else left = middle + 1;
            }
            for (int p = start; p > left; p--) items[p] = items[p - 1];
            items[left] = pivot;
        }
    }
}
