import Foundation

/// The JSON object in `name`, in the folder `Reference` beside the test file `filePath` (the
/// numbers a reference script computed with PyTorch); empty when it cannot be read, so the tests
/// comparing with it fail with the missing key rather than crash.
public func referenceJSON(_ name: String, besides filePath: String) -> [String: Any] {
    let url = URL(fileURLWithPath: filePath).deletingLastPathComponent()
        .appendingPathComponent("Reference").appendingPathComponent(name)
    guard let data = try? Data(contentsOf: url),
          let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else { return [:] }
    return object
}
