/// The declarations of the members of the language's own values: arrays (and ranges, which have
/// the same methods), dictionaries, strings and Doubles. `Members` and `BuiltinMethods` implement them.
enum ValueMembers {
    static let topic = "Members of arrays, dictionaries, strings and numbers"

    /// `(owner, kind, signature, summary, example)` rows, in the reference's order.
    private static let rows: [(String, BuiltinKind, String, String, String)] = [
        ("Array", .property, "count: Int", "The number of elements.", "print([1, 2, 3].count, (0..<5).count)\n// expect: 3 5"),
        ("Array", .property, "isEmpty: Bool", "True when there are no elements.", "let none: [Int] = []\nprint(none.isEmpty, [1].isEmpty)\n// expect: true false"),
        ("Array", .property, "first: Any?", "The first element, or `nil` when empty.", "let none: [Int] = []\nprint([4, 5].first, none.first)\n// expect: 4 nil"),
        ("Array", .property, "last: Any?", "The last element, or `nil` when empty.", "print([4, 5].last)\n// expect: 5"),
        ("Array", .method, "append(_ item: Any) | append(contentsOf: Array)", "Adds an element (or all of another array's) at the end of a `var` array.", "var xs = [1]\nxs.append(2)\nxs.append(contentsOf: [3, 4])\nprint(xs)\n// expect: [1, 2, 3, 4]"),
        ("Array", .method, "insert(_ item: Any, at index: Int)", "Inserts an element before position `index`.", "var xs = [1, 3]\nxs.insert(2, at: 1)\nprint(xs)\n// expect: [1, 2, 3]"),
        ("Array", .method, "remove(at index: Int) -> Any", "Removes and returns the element at `index`.", "var xs = [1, 2, 3]\nprint(xs.remove(at: 0), xs)\n// expect: 1 [2, 3]"),
        ("Array", .method, "removeLast() -> Any", "Removes and returns the last element (an error when empty).", "var xs = [1, 2]\nprint(xs.removeLast(), xs)\n// expect: 2 [1]"),
        ("Array", .method, "removeFirst() -> Any", "Removes and returns the first element (an error when empty).", "var xs = [1, 2]\nprint(xs.removeFirst(), xs)\n// expect: 1 [2]"),
        ("Array", .method, "popLast() -> Any?", "Removes and returns the last element, or `nil` when empty.", "var xs = [7]\nprint(xs.popLast(), xs.popLast())\n// expect: 7 nil"),
        ("Array", .method, "removeAll()", "Removes every element.", "var xs = [1, 2]\nxs.removeAll()\nprint(xs)\n// expect: []"),
        ("Array", .method, "reverse()", "Reverses a `var` array in place.", "var xs = [1, 2, 3]\nxs.reverse()\nprint(xs)\n// expect: [3, 2, 1]"),
        ("Array", .method, "sort()", "Sorts a `var` array of numbers or of strings in place, ascending.", "var xs = [3, 1, 2]\nxs.sort()\nprint(xs)\n// expect: [1, 2, 3]"),
        ("Array", .method, "map(_ transform: (Any) -> Any) -> Array", "The results of the closure for each element.", "print([1, 2, 3].map { $0 * 10 })\n// expect: [10, 20, 30]"),
        ("Array", .method, "filter(_ keep: (Any) -> Bool) -> Array", "The elements for which the closure returns true.", "print((1...6).filter { $0 % 2 == 0 })\n// expect: [2, 4, 6]"),
        ("Array", .method, "reduce(_ initial: Any, _ combine: (Any, Any) -> Any) -> Any", "Combines the elements from `initial` with the closure, left to right.", "print([1, 2, 3].reduce(0) { $0 + $1 })\n// expect: 6"),
        ("Array", .method, "forEach(_ body: (Any) -> Void)", "Calls the closure with each element.", "[1, 2].forEach { print($0) }\n// expect: 1\n// expect: 2"),
        ("Array", .method, "enumerated() -> [(Int, Any)]", "Pairs of each element's position (from 0) and the element.", "for (i, x) in [\"a\", \"b\"].enumerated() { print(i, x) }\n// expect: 0 a\n// expect: 1 b"),
        ("Array", .method, "contains(_ item: Any) -> Bool", "Whether an element equals `item`.", "print([1, 2].contains(2), [1, 2].contains(5))\n// expect: true false"),
        ("Array", .method, "firstIndex(of item: Any) -> Int?", "The position of the first element equal to `item`, or `nil`.", "print([5, 6, 5].firstIndex(of: 6))\n// expect: 1"),
        ("Array", .method, "sorted() -> Array", "The numbers or strings in ascending order.", "print([3, 1, 2].sorted())\n// expect: [1, 2, 3]"),
        ("Array", .method, "reversed() -> Array", "The elements in reverse order.", "print([1, 2, 3].reversed())\n// expect: [3, 2, 1]"),
        ("Array", .method, "min() -> Any?", "The smallest number or string, or `nil` when empty.", "print([3, 1, 2].min())\n// expect: 1"),
        ("Array", .method, "max() -> Any?", "The largest number or string, or `nil` when empty.", "print([3, 1, 2].max())\n// expect: 3"),
        ("Array", .method, "joined(separator: String = \"\") -> String", "The elements as text, joined.", "print([1, 2, 3].joined(separator: \", \"))\n// expect: 1, 2, 3"),
        ("Range", .property, "lowerBound: Int", "The first number of `a..<b` or `a...b`.", "print((2..<5).lowerBound)\n// expect: 2"),
        ("Range", .property, "upperBound: Int", "The bound after `..<` or `...`, as written.", "print((2..<5).upperBound, (2...5).upperBound)\n// expect: 5 5"),
        ("Dictionary", .property, "count: Int", "The number of entries.", "print([\"a\": 1, \"b\": 2].count)\n// expect: 2"),
        ("Dictionary", .property, "isEmpty: Bool", "True when there are no entries.", "let none: [String: Int] = [:]\nprint(none.isEmpty)\n// expect: true"),
        ("Dictionary", .property, "keys: Array", "The keys, in the order they were first inserted.", "print([\"b\": 1, \"a\": 2].keys)\n// expect: [\"b\", \"a\"]"),
        ("Dictionary", .property, "values: Array", "The values, in the order of their keys.", "print([\"b\": 1, \"a\": 2].values)\n// expect: [1, 2]"),
        ("Dictionary", .method, "subscript(_ key: Any, default: Any? = nil) -> Any? { get set }", "`d[key]` is the value or `nil`, `d[key, default: v]` the value or `v`; assigning sets it (a new key goes last), assigning `nil` removes it.", "var counts: [String: Int] = [:]\ncounts[\"a\", default: 0] += 1\ncounts[\"b\"] = 5\nprint(counts, counts[\"z\"])\n// expect: [\"a\": 1, \"b\": 5] nil"),
        ("Dictionary", .method, "removeValue(forKey key: Any) -> Any?", "Removes a key and returns its value, or `nil` when it was not there.", "var d = [\"a\": 1]\nprint(d.removeValue(forKey: \"a\"), d)\n// expect: 1 [:]"),
        ("Dictionary", .method, "removeAll()", "Removes every entry.", "var d = [1: 2]\nd.removeAll()\nprint(d.count)\n// expect: 0"),
        ("String", .property, "count: Int", "The number of characters.", "print(\"θ12\".count)\n// expect: 3"),
        ("String", .property, "isEmpty: Bool", "True for the empty string.", "print(\"\".isEmpty)\n// expect: true"),
        ("String", .method, "uppercased() -> String", "The text in upper case.", "print(\"loss\".uppercased())\n// expect: LOSS"),
        ("String", .method, "lowercased() -> String", "The text in lower case.", "print(\"Iris\".lowercased())\n// expect: iris"),
        ("String", .method, "hasPrefix(_ prefix: String) -> Bool", "Whether the text starts with `prefix`.", "print(\"petal.width\".hasPrefix(\"petal\"))\n// expect: true"),
        ("String", .method, "hasSuffix(_ suffix: String) -> Bool", "Whether the text ends with `suffix`.", "print(\"data.csv\".hasSuffix(\".csv\"))\n// expect: true"),
        ("String", .method, "contains(_ part: String) -> Bool", "Whether `part` occurs in the text.", "print(\"gradient\".contains(\"dien\"))\n// expect: true"),
        ("String", .method, "split(separator: String = \" \") -> [String]", "The pieces between occurrences of a one-character separator (empty pieces dropped).", "print(\"a,b,,c\".split(separator: \",\"))\n// expect: [\"a\", \"b\", \"c\"]"),
        ("Double", .property, "isNaN: Bool", "True for NaN (not a number).", "print((0.0 / 0.0).isNaN)\n// expect: true"),
        ("Double", .property, "isFinite: Bool", "False for infinities and NaN.", "print((1.0 / 0.0).isFinite, 2.5.isFinite)\n// expect: false true"),
        ("Double", .method, "rounded() -> Double", "The nearest whole number, halves away from zero.", "print(2.5.rounded())\n// expect: 3.0"),
        ("Double", .method, "squareRoot() -> Double", "The square root.", "print(2.25.squareRoot())\n// expect: 1.5"),
    ]

    static let declarations: [Builtin] = rows.map { owner, kind, signature, summary, example in
        Builtin(kind, of: owner, signature, topic: topic, summary, examples: [example])
    }
}
