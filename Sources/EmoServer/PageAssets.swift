// The page's static files, read once from the module's resources into memory. Requests are answered from
// this fixed table by name; a request path is never turned into a file path.
import Foundation

/// One static file of the page.
public struct PageAsset: Sendable {
    public let bytes: [UInt8]
    public let contentType: String
}

/// Why the page's files cannot be served.
public enum PageAssetError: Error, CustomStringConvertible {
    case missing(name: String, folder: String)

    public var description: String {
        switch self {
        case let .missing(name, folder):
            return "\(folder): the page file '\(name)' is missing (the EmoServer resources must stay next to "
                + "the emoeval binary)"
        }
    }
}

/// The page: index.html at "/", the rest at "/static/NAME".
public struct PageAssets: Sendable {
    /// Every file the page consists of, with its content type.
    static let files: [(name: String, contentType: String)] = [
        ("index.html", "text/html; charset=utf-8"),
        ("style.css", "text/css; charset=utf-8"),
        ("app.js", "text/javascript; charset=utf-8"),
        ("api.js", "text/javascript; charset=utf-8"),
        ("charts.js", "text/javascript; charset=utf-8"),
        ("try.js", "text/javascript; charset=utf-8"),
        ("browse.js", "text/javascript; charset=utf-8"),
        ("wav.js", "text/javascript; charset=utf-8"),
    ]

    private let assets: [String: PageAsset]

    /// Reads the files listed in `files` from the module's `Page` resource folder.
    public init() throws {
        guard let folder = Bundle.module.url(forResource: "Page", withExtension: nil) else {
            throw PageAssetError.missing(name: "Page", folder: Bundle.module.bundlePath)
        }
        var assets: [String: PageAsset] = [:]
        for file in Self.files {
            guard let data = FileManager.default.contents(atPath: folder.appendingPathComponent(file.name).path) else {
                throw PageAssetError.missing(name: file.name, folder: folder.path)
            }
            assets[file.name] = PageAsset(bytes: Array(data), contentType: file.contentType)
        }
        self.assets = assets
    }

    /// The file called exactly `name`, if the page has one.
    public func asset(named name: String) -> PageAsset? {
        assets[name]
    }
}
