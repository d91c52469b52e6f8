// Recipe parsing: the schema, path resolution, and precise errors for unknown keys, wrong types and values.
import EmoCorpus
import Foundation
import Testing

@Suite("Recipe")
struct RecipeTests {
    static let valid = """
    name: iemocap-4class-loso
    description: test recipe
    data: ../data/iemocap
    labels: [neu, hap, ang, sad]
    label_map: {exc: hap}
    drop: [fru, xxx]
    folds: {by: session}
    models:
      emotion2vec:
        label_map: {angry: ang, happy: hap, neutral: neu, sad: sad}
        policy: restricted
      wav2vec2-iemocap:
        label_map: {neu: neu, ang: ang, hap: hap, sad: sad}
        policy: full
    model_directories: [models/e2v]
    references:
      - model: emotion2vec_plus_seed
        family: emotion2vec
        figures: {UA: 73.2, WA: 69.6, macro-F1: 70.1}
        protocol: zero-shot on EmoBox_test
        source: emotion2vec README, Table IV
        caveat: test subset undisclosed
        seen_in_training: partly
      - model: speechbrain_wav2vec2_iemocap
        figures: {WA: 78.7}
        protocol: random 80/10/10 split
        source: HF model card
        seen_in_training: true
        same_protocol: false
    """

    @Test("a full recipe decodes into typed values with paths resolved against the recipe folder")
    func decodesFullRecipe() throws {
        let recipe = try parseRecipe(Self.valid, path: "/tmp/recipes/iemocap.yaml")
        #expect(recipe.name == "iemocap-4class-loso")
        #expect(recipe.dataDirectory == "/tmp/data/iemocap")
        #expect(recipe.labels == ["neu", "hap", "ang", "sad"])
        #expect(recipe.labelMap == ["exc": "hap"])
        #expect(recipe.drop == ["fru", "xxx"])
        #expect(recipe.folds == .bySession)
        #expect(recipe.models["emotion2vec"]?.policy == .restricted)
        #expect(recipe.models["wav2vec2-iemocap"]?.policy == .full)
        #expect(recipe.mapping(forFamily: "emotion2vec")?.labelMap["angry"] == "ang")
        #expect(recipe.modelDirectories == ["/tmp/recipes/models/e2v"])
        #expect(recipe.references.count == 2)
        #expect(recipe.references[0].figures[.ua] == 73.2)
        #expect(recipe.references[0].orderedFigures.map(\.metric) == [.wa, .ua, .macroF1])
        #expect(recipe.references[0].seenInTraining == .partly)
        #expect(recipe.references[1].seenInTraining == .yes)
        #expect(recipe.references[1].sameProtocol == false)
        #expect(recipe.datasetLabel(forRaw: "exc") == "hap")
        #expect(recipe.datasetLabel(forRaw: "neu") == "neu")
        #expect(recipe.datasetLabel(forRaw: "fru") == nil)
    }

    @Test("policy defaults to restricted and folds default to none")
    func defaults() throws {
        let recipe = try parseRecipe("""
        name: x
        data: d
        labels: [a, b]
        models:
          emotion2vec: {label_map: {angry: a}}
        """, path: "r.yaml")
        #expect(recipe.models["emotion2vec"]?.policy == .restricted)
        #expect(recipe.folds == .none)
    }

    @Test("every unknown key is reported with its line and the allowed keys")
    func unknownKeys() throws {
        let text = """
        name: x
        data: d
        labels: [a, b]
        colour: blue
        folds: {by: session, stride: 2}
        """
        let error = try #require(throws: CorpusError.self) { try parseRecipe(text, path: "r.yaml") }
        let lines = error.problems.map(\.description)
        #expect(lines.contains { $0.hasPrefix("r.yaml:4: unknown key 'colour'") })
        #expect(lines.contains { $0.hasPrefix("r.yaml:5: unknown key 'stride'; expected one of: by, exclude, file") })
    }

    @Test("a wrong type names the key path, the expected type and the line")
    func wrongType() throws {
        let text = """
        name: x
        data: d
        labels: [a, b]
        references:
          - model: m
            figures: {UA: high}
            protocol: p
            source: s
            seen_in_training: no
        """
        let error = try #require(throws: CorpusError.self) { try parseRecipe(text, path: "r.yaml") }
        let message = try #require(error.problems.first?.description)
        #expect(message.hasPrefix("r.yaml:6: 'references[0].figures.UA' has the wrong type: expected a number"))
    }

    @Test("a list where a mapping is expected, and the reverse, name the YAML shape")
    func shapeErrors() throws {
        let list = try #require(throws: CorpusError.self) { try parseRecipe("name: x\ndata: d\nlabels: neu\n", path: "r.yaml") }
        #expect(list.problems.first?.description == "r.yaml:3: 'labels' has the wrong type: expected a list")
        let mapping = try #require(throws: CorpusError.self) {
            try parseRecipe("name: x\ndata: d\nlabels: [a]\nfolds: session\n", path: "r.yaml")
        }
        #expect(mapping.problems.first?.description == "r.yaml:4: 'folds' has the wrong type: expected a mapping")
        let scalar = try #require(throws: CorpusError.self) { try parseRecipe("name: [x]\ndata: d\nlabels: [a]\n", path: "r.yaml") }
        #expect(scalar.problems.first?.description.hasPrefix("r.yaml:1: 'name' has the wrong type: expected a single value") == true)
    }

    @Test("missing keys, bad choices and inconsistent values are reported with lines")
    func badValues() throws {
        let missing = try #require(throws: CorpusError.self) { try parseRecipe("name: x\nlabels: [a]\n", path: "r.yaml") }
        #expect(missing.problems.first?.message == "missing key 'data'")

        let policy = try #require(throws: CorpusError.self) {
            try parseRecipe("name: x\ndata: d\nlabels: [a]\nmodels:\n  emotion2vec:\n    label_map: {angry: a}\n"
                            + "    policy: greedy\n", path: "r.yaml")
        }
        #expect(policy.problems.first?.description == "r.yaml:7: 'models.emotion2vec.policy': 'greedy' is not one of restricted, full")

        let text = """
        name: x
        data: d
        labels: [a, b, a]
        label_map: {c: z}
        models:
          emotion2vek: {label_map: {angry: a}}
          emotion2vec: {label_map: {angry: q}}
        references:
          - {model: m, figures: {UAR: 50}, protocol: p, source: s, seen_in_training: maybe}
        """
        let error = try #require(throws: CorpusError.self) { try parseRecipe(text, path: "r.yaml") }
        let lines = error.problems.map(\.description)
        #expect(lines.contains("r.yaml:9: 'references[0].seen_in_training': 'maybe' is not one of true, false, partly, unknown"))

        let fixed = text.replacingOccurrences(of: "maybe", with: "unknown")
        let semantic = try #require(throws: CorpusError.self) { try parseRecipe(fixed, path: "r.yaml") }
        let messages = semantic.problems.map(\.description)
        #expect(messages.contains("r.yaml:3: label 'a' is listed twice"))
        #expect(messages.contains { $0.hasPrefix("r.yaml:4: label_map sends 'c' to 'z', which is not in labels") })
        #expect(messages.contains { $0.hasPrefix("r.yaml:6: unknown model family 'emotion2vek'") })
        #expect(messages.contains { $0.hasPrefix("r.yaml:7: model label 'angry' maps to 'q'") })
        #expect(messages.contains { $0.hasPrefix("r.yaml:9: unknown metric 'UAR'") })
        #expect(messages.count == 5)
    }

    @Test("YAML syntax errors and duplicate keys carry the line")
    func syntaxErrors() throws {
        let syntax = try #require(throws: CorpusError.self) { try parseRecipe("name: x\nlabels: [a\ndata: d\n", path: "r.yaml") }
        #expect(syntax.problems.first?.line != nil)
        let duplicate = try #require(throws: CorpusError.self) {
            try parseRecipe("name: x\ndata: d\nlabels: [a]\nname: y\n", path: "r.yaml")
        }
        #expect(duplicate.problems.first?.message.contains("duplicate key") == true)
    }

    @Test("loadRecipe reports an unreadable file")
    func unreadable() throws {
        let error = try #require(throws: CorpusError.self) { try loadRecipe(path: "/nonexistent/recipe.yaml") }
        #expect(error.description.hasPrefix("/nonexistent/recipe.yaml: cannot read"))
    }
}

@Suite("Recipe models entries by family or model name")
struct RecipeModelEntryTests {
    @Test("model names: variant, directory name, hub id of a cache path; first match wins, else the family")
    func lookup() throws {
        let names = Recipe.modelNames(variant: "wav2vec2-base-superb-er",
                                      directory: "/c/hub/models--superb--wav2vec2-base-superb-er/snapshots/abc")
        #expect(names == ["wav2vec2-base-superb-er", "abc", "superb/wav2vec2-base-superb-er"])
        let recipe = try parseRecipe("""
            name: x
            data: d
            labels: [neu, hap, ang, sad]
            models:
              hf-wav2vec2: {label_map: {neutral: neu}}
              superb/wav2vec2-base-superb-er: {label_map: {neu: neu, hap: hap, ang: ang, sad: sad}, policy: full}
            """, path: "r.yaml")
        #expect(recipe.entry(forFamily: "hf-wav2vec2", modelNames: names)?.key == "superb/wav2vec2-base-superb-er")
        #expect(recipe.entry(forFamily: "hf-wav2vec2", modelNames: names)?.mapping.policy == .full)
        #expect(recipe.entry(forFamily: "hf-wav2vec2", modelNames: ["other-model"])?.key == "hf-wav2vec2")
        #expect(recipe.entry(forFamily: "hf-hubert", modelNames: ["other-model"]) == nil)
    }

    @Test("a key close to a family name is reported as a misspelt family; any other key is a model name")
    func typos() throws {
        for (key, reported) in [("hf-wav2vec", true), ("emotion2vek", true), ("hf-whisper", true),
                                ("my-finetune", false), ("superb/hubert-large-superb-er", false)] {
            let text = "name: x\ndata: d\nlabels: [a]\nmodels:\n  \(key): {label_map: {angry: a}}\n"
            let problems = (try? parseRecipe(text, path: "r.yaml")) == nil
            #expect(problems == reported, "\(key)")
        }
    }
}
