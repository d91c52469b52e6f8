// One layer of the CNN feature encoder, and the parser for fairseq's `feature_encoder_spec` string.

/// (channels, kernel, stride) of one CNN layer (fairseq `ConvFeatureExtractionModel` conv_layers tuple).
public struct ConvLayerSpec: Sendable, Equatable {
    public var channels: Int
    public var kernel: Int
    public var stride: Int

    public init(channels: Int, kernel: Int, stride: Int) {
        self.channels = channels
        self.kernel = kernel
        self.stride = stride
    }

    /// Output frames of this (unpadded) conv for `length` input frames: ⌊(L − k)/s⌋ + 1, or 0 if L < k.
    func outputLength(_ length: Int) -> Int {
        length < kernel ? 0 : (length - kernel) / stride + 1
    }

    /// Parses the Python list expression fairseq evaluates with `eval`, e.g.
    /// `[(512, 10, 5)] + [(512, 3, 2)] * 4 + [(512,2,2)] + [(512,2,2)]`: a `+`-separated sum of lists of
    /// 3-tuples, each list optionally repeated with `* n` (or `n *`). Nothing is evaluated.
    public static func parse(_ text: String, file: String = "config.yaml") throws -> [ConvLayerSpec] {
        var parser = SpecParser(characters: Array(text))
        do {
            let layers = try parser.parseSum()
            parser.skipSpaces()
            guard parser.position == parser.characters.count else { throw SpecParser.Failure.unexpected(parser.position) }
            guard !layers.isEmpty else { throw SpecParser.Failure.empty }
            for layer in layers where layer.channels <= 0 || layer.kernel <= 0 || layer.stride <= 0 {
                throw SpecParser.Failure.nonPositive("(\(layer.channels), \(layer.kernel), \(layer.stride))")
            }
            return layers
        } catch let failure as SpecParser.Failure {
            throw ModelError.invalidConfig(
                file: file, field: "model_conf.modalities.audio.feature_encoder_spec",
                problem: "cannot read '\(text)': \(failure.message)")
        }
    }
}

extension Array where Element == ConvLayerSpec {
    /// Frames the CNN yields for `samples` input samples: L ← ⌊(L − k)/s⌋ + 1 per layer (0 once too short).
    func frameCount(samples: Int) -> Int {
        reduce(samples) { $1.outputLength($0) }
    }

    /// Samples one frame sees: the shortest input giving one frame (400 for both models' CNNs).
    var receptiveField: Int { reversed().reduce(1) { ($0 - 1) * $1.stride + $1.kernel } }

    /// The convs as im2col GEMMs for `samples` input samples: (frames, channels, inputs × kernel) per layer.
    func gemmShapes(samples: Int) -> [GemmShape] {
        var shapes: [GemmShape] = []
        var length = samples, inputs = 1
        for conv in self {
            length = conv.outputLength(length)
            shapes.append(GemmShape(m: length, n: conv.channels, k: inputs * conv.kernel, transposeB: true))
            inputs = conv.channels
        }
        return shapes
    }
}

/// A tiny recursive-descent reader for the spec grammar: sum := term ('+' term)*;
/// term := (int '*')? list ('*' int)?; list := '[' (tuple (',' tuple)* ','?)? ']'; tuple := '(' int ',' int ',' int ')'.
private struct SpecParser {
    enum Failure: Error {
        case unexpected(Int), empty, nonPositive(String)
        var message: String {
            switch self {
            case let .unexpected(position): return "unexpected character at offset \(position)"
            case .empty: return "no layers"
            case let .nonPositive(tuple): return "layer \(tuple) has a non-positive value"
            }
        }
    }

    let characters: [Character]
    var position = 0

    mutating func skipSpaces() {
        while position < characters.count, characters[position].isWhitespace { position += 1 }
    }

    mutating func accept(_ character: Character) -> Bool {
        skipSpaces()
        guard position < characters.count, characters[position] == character else { return false }
        position += 1
        return true
    }

    mutating func expect(_ character: Character) throws {
        guard accept(character) else { throw Failure.unexpected(position) }
    }

    mutating func integer() throws -> Int {
        skipSpaces()
        let start = position
        while position < characters.count, characters[position].isASCII, characters[position].isNumber { position += 1 }
        guard position > start, let value = Int(String(characters[start..<position])) else {
            throw Failure.unexpected(start)
        }
        return value
    }

    mutating func parseSum() throws -> [ConvLayerSpec] {
        var layers = try parseTerm()
        while accept("+") { layers += try parseTerm() }
        return layers
    }

    mutating func parseTerm() throws -> [ConvLayerSpec] {
        skipSpaces()
        var repeats = 1
        if position < characters.count, characters[position].isNumber {
            repeats = try integer()
            try expect("*")
        }
        let list = try parseList()
        if accept("*") { repeats *= try integer() }
        return Array([[ConvLayerSpec]](repeating: list, count: repeats).joined())
    }

    mutating func parseList() throws -> [ConvLayerSpec] {
        try expect("[")
        var list: [ConvLayerSpec] = []
        while !accept("]") {
            try expect("(")
            let channels = try integer()
            try expect(",")
            let kernel = try integer()
            try expect(",")
            let stride = try integer()
            try expect(")")
            list.append(ConvLayerSpec(channels: channels, kernel: kernel, stride: stride))
            if !accept(",") { try expect("]"); break }
        }
        return list
    }
}
