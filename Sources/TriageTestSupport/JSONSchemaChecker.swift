import Foundation
import TriageCore

/// Checks a JSON document against the subset of JSON Schema (2020-12) that triage's schemas use:
/// type, required, properties, additionalProperties, propertyNames, items, minItems, maxItems,
/// enum, const, pattern (PCRE2), minimum and local `$ref`s. Returns one message per violation.
public struct JSONSchemaChecker {
    let root: [String: Any]

    public init(schemaPath: String) throws {
        let data = try Data(contentsOf: URL(fileURLWithPath: schemaPath))
        root = try JSONSerialization.jsonObject(with: data) as! [String: Any]
    }

    public func violations(ofJSON text: String) -> [String] {
        guard let value = try? JSONSerialization.jsonObject(with: Data(text.utf8), options: [.fragmentsAllowed]) else {
            return ["not valid JSON"]
        }
        var out: [String] = []
        check(value, root, "$", &out)
        return out
    }

    private func resolve(_ schema: [String: Any]) -> [String: Any] {
        guard let ref = schema["$ref"] as? String, ref.hasPrefix("#/") else { return schema }
        var node: Any = root
        for part in ref.dropFirst(2).split(separator: "/") {
            node = (node as? [String: Any])?[String(part)] ?? [:]
        }
        return resolve(node as? [String: Any] ?? [:])
    }

    private func check(_ value: Any, _ rawSchema: [String: Any], _ path: String, _ out: inout [String]) {
        let schema = resolve(rawSchema)
        if let type = schema["type"] as? String, !matches(value, type) {
            out.append("\(path): expected \(type), got \(Swift.type(of: value))")
            return
        }
        if let allowed = schema["enum"] as? [Any], !allowed.contains(where: { equal($0, value) }) {
            out.append("\(path): \(value) is not one of \(allowed)")
        }
        if let c = schema["const"], !equal(c, value) { out.append("\(path): expected \(c)") }
        if let pattern = schema["pattern"] as? String, let s = value as? String {
            if let r = try? Regex(pattern), !r.matcher().matches(s) {
                out.append("\(path): '\(s)' does not match \(pattern)")
            }
        }
        if let min = schema["minimum"] as? Double, let n = value as? NSNumber, n.doubleValue < min {
            out.append("\(path): \(n) < \(min)")
        }
        if let object = value as? [String: Any] {
            for key in schema["required"] as? [String] ?? [] where object[key] == nil {
                out.append("\(path): missing required '\(key)'")
            }
            let properties = schema["properties"] as? [String: Any] ?? [:]
            for (key, v) in object {
                if let names = schema["propertyNames"] as? [String: Any] { check(key, names, "\(path).\(key)(name)", &out) }
                if let sub = properties[key] as? [String: Any] {
                    check(v, sub, "\(path).\(key)", &out)
                } else if let extra = schema["additionalProperties"] as? [String: Any] {
                    check(v, extra, "\(path).\(key)", &out)
                } else if schema["additionalProperties"] as? Bool == false {
                    out.append("\(path): unexpected property '\(key)'")
                }
            }
        }
        if let array = value as? [Any] {
            if let min = schema["minItems"] as? Int, array.count < min { out.append("\(path): fewer than \(min) items") }
            if let max = schema["maxItems"] as? Int, array.count > max { out.append("\(path): more than \(max) items") }
            if let items = schema["items"] as? [String: Any] {
                for (i, v) in array.enumerated() { check(v, items, "\(path)[\(i)]", &out) }
            }
        }
    }

    private func matches(_ v: Any, _ type: String) -> Bool {
        switch type {
        case "object": return v is [String: Any]
        case "array": return v is [Any]
        case "string": return v is String
        case "boolean": return (v as? NSNumber).map { CFGetTypeIDIsBool($0) } ?? false
        case "integer":
            guard let n = v as? NSNumber, !CFGetTypeIDIsBool(n) else { return false }
            return n.doubleValue == n.doubleValue.rounded()
        case "number": return (v as? NSNumber).map { !CFGetTypeIDIsBool($0) } ?? false
        case "null": return v is NSNull
        default: return true
        }
    }

    private func equal(_ a: Any, _ b: Any) -> Bool {
        if let x = a as? String, let y = b as? String { return x == y }
        if let x = a as? NSNumber, let y = b as? NSNumber { return x == y }
        return false
    }
}

/// JSONSerialization gives booleans as a distinct NSNumber subclass; tell them apart from 0/1.
private func CFGetTypeIDIsBool(_ n: NSNumber) -> Bool {
    String(describing: type(of: n)).contains("Boolean")
}
