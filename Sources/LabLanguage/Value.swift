// Placeholder so the skeleton builds; the language implementation replaces this file.
public enum Value {
    case void
    case `nil`
    case int(Int)
    case double(Double)
    case bool(Bool)
    case string(String)
    case array([Value])
    case tuple([Value])
    case function(Function)
    case native(NativeObject)
}

public struct Argument {
    public var label: String?
    public var value: Value
}

public struct Arguments {
    public var items: [Argument]
}

public final class Function {
    public let name: String
    let body: (Arguments) throws -> Value
    public init(name: String, body: @escaping (Arguments) throws -> Value) {
        self.name = name
        self.body = body
    }
    public func invoke(_ arguments: Arguments) throws -> Value { try body(arguments) }
}
