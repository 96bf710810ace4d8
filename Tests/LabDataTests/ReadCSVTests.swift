import Foundation
import LabData
import Testing

@Suite struct ReadCSVTests {
    @Test func readsASmallFileWithNumbersAndText() throws {
        let frame = try readText("x,name,y\n1,a,2.5\n-3,b,1e-3\n")
        #expect(frame.columns == ["x", "name", "y"])
        #expect(frame.count == 2)
        #expect(numbers(try frame["x"]) == [1, -3])
        #expect(texts(try frame["name"]) == ["a", "b"])
        #expect(numbers(try frame["y"]) == [2.5, 0.001])
    }

    @Test func readsIris() throws {
        let iris = try readIris()
        #expect(iris.count == 150)
        #expect(iris.columns == ["sepal.length", "sepal.width", "petal.length", "petal.width", "variety"])
        let firstRow = iris.table().rows.first
        #expect(firstRow == [.number(5.1), .number(3.5), .number(1.4), .number(0.2), .text("Setosa")])
        let varieties = try #require(texts(try iris["variety"]))
        for variety in ["Setosa", "Versicolor", "Virginica"] {
            #expect(varieties.count(where: { $0 == variety }) == 50)
        }
    }

    @Test func quotedFieldsKeepCommasAndQuotes() throws {
        let frame = try readText("name,note\n\"Smith, J\",\"said \"\"hi\"\"\"\n\"5\",plain\n")
        #expect(texts(try frame["name"]) == ["Smith, J", "5"])
        #expect(texts(try frame["note"]) == ["said \"hi\"", "plain"])
    }

    @Test func quotedNumbersAreNumbers() throws {
        let frame = try readText("\"a\",\"b\"\n\"1.5\",\" 2 \"\n")
        #expect(numbers(try frame["a"]) == [1.5])
        #expect(numbers(try frame["b"]) == [2])
    }

    @Test func aColumnIsNumbersOnlyWhenEveryCellIs() throws {
        let frame = try readText("a,b,c,d\n1,1,nan,1\n2,x,inf,\n")
        #expect(numbers(try frame["a"]) == [1, 2])
        #expect(texts(try frame["b"]) == ["1", "x"])
        #expect(numbers(try frame["c"])?.last == .infinity)
        #expect(numbers(try frame["c"])?.first?.isNaN == true)
        #expect(texts(try frame["d"]) == ["1", ""], "an empty cell makes the column text")
    }

    @Test func hexAndUnderscoresAreText() throws {
        let frame = try readText("a,b\n0x1p3,1_000\n")
        #expect(texts(try frame["a"]) == ["0x1p3"])
        #expect(texts(try frame["b"]) == ["1_000"])
    }

    @Test func blankLinesAreSkippedAndCRLFWorks() throws {
        let frame = try readText("\r\na,b\r\n1,2\r\n\r\n3,4")
        #expect(frame.count == 2)
        #expect(numbers(try frame["b"]) == [2, 4])
    }

    @Test func aByteOrderMarkIsNotPartOfTheFirstName() throws {
        let frame = try readText("\u{FEFF}a,b\n1,2\n")
        #expect(frame.columns == ["a", "b"])
    }

    @Test func aHeaderOnlyFileHasNoRows() throws {
        let frame = try readText("a,b\n")
        #expect(frame.count == 0)
        #expect(frame.columns == ["a", "b"])
    }

    @Test func namelessColumnsAreNamedAsPandasDoes() throws {
        let frame = try readText(",a,\n0,1,2\n")
        #expect(frame.columns == ["Unnamed: 0", "a", "Unnamed: 2"])
    }

    @Test func aRaggedRowNamesItsLine() {
        let error = dataError { try readText("a,b,c\n1,2,3\n\n4,5\n") }
        #expect(error?.description == "data/t.csv:4: row has 2 fields, the header has 3")
        #expect(error?.file == "data/t.csv")
        #expect(error?.line == 4)
    }

    @Test func aLongRowIsRaggedToo() {
        let error = dataError { try readText("a,b\n1,2,3\n") }
        #expect(error?.description == "data/t.csv:2: row has 3 fields, the header has 2")
    }

    @Test func aRepeatedHeaderNameNamesBothColumns() {
        let error = dataError { try readText("a,b,a\n1,2,3\n") }
        #expect(error?.line == 1)
        #expect(error?.column == 3)
        #expect(error?.message.contains("column 3 repeats the name 'a' of column 1") == true)
    }

    @Test func anEmptyFileIsAnError() {
        for contents in ["", "\n\n"] {
            let error = dataError { try readText(contents) }
            #expect(error?.file == "data/t.csv")
            #expect(error?.description.hasPrefix("data/t.csv: the file is empty") == true)
        }
    }

    @Test func aMissingClosingQuoteIsFoundWhereTheFieldStarts() {
        let error = dataError { try readText("a,b\n1,\"x\n2,y\n3,z\n") }
        #expect(error?.line == 2)
        #expect(error?.column == 2)
        #expect(error?.description == "data/t.csv:2: field 2 'b' has no closing quote on this line")
    }

    @Test func textAfterAClosingQuoteIsAnError() {
        let error = dataError { try readText("a,b,c\n1,2,3\n\"x\",\"ab\"c,3\n") }
        #expect(error?.description == "data/t.csv:3: field 2 'b' has text after its closing quote")
        #expect(error?.column == 2)
    }

    @Test func anUnclosedQuoteOnTheLastLineIsAnError() {
        let error = dataError { try readText("a,b\r\n1,\"x") }
        #expect(error?.description == "data/t.csv:2: field 2 'b' has no closing quote on this line")
    }

    @Test func quotesInsideUnquotedFieldsAndEmptyQuotedFieldsAreFine() throws {
        let frame = try readText("a,b,c\n5\",\"\",\"\"\"\"\n")
        #expect(texts(try frame["a"]) == ["5\""])
        #expect(texts(try frame["b"]) == [""])
        #expect(texts(try frame["c"]) == ["\""])
    }

    @Test func aMissingFileIsAnErrorWithASuggestion() throws {
        let lab = try makeLab(["data/iris.csv": "a\n1\n"])
        let error = dataError { try readCSV(path: "data/irs.csv", labDirectory: lab) }
        #expect(error?.message == "readCSV: no file 'data/irs.csv' in the lab's folder; did you mean 'data/iris.csv'?")
        let plain = dataError { try readCSV(path: "nothing.csv", labDirectory: lab) }
        #expect(plain?.message == "readCSV: no file 'nothing.csv' in the lab's folder")
    }

    @Test func aFolderIsNotAFile() throws {
        let lab = try makeLab(["data/t.csv": "a\n1\n"])
        let error = dataError { try readCSV(path: "data", labDirectory: lab) }
        #expect(error?.message == "readCSV: 'data' is a folder, not a file")
    }

    @Test func invalidUTF8IsAnError() throws {
        let lab = try makeLab([:])
        try Data([0x61, 0x0A, 0xFF, 0xFE, 0x0A]).write(to: lab.appendingPathComponent("bad.csv"))
        let error = dataError { try readCSV(path: "bad.csv", labDirectory: lab) }
        #expect(error?.description == "bad.csv: the file is not UTF-8 text")
    }
}

@Suite struct LabFolderTests {
    @Test func pathsWithDotDotInsideTheFolderAreFine() throws {
        let lab = try makeLab(["data/t.csv": "a\n1\n", "other/x.txt": ""])
        let frame = try readCSV(path: "other/../data/./t.csv", labDirectory: lab)
        #expect(frame.count == 1)
    }

    @Test func dotDotOutOfTheFolderIsRejected() throws {
        let root = try makeLab(["secret.csv": "a\n1\n", "lab/data/t.csv": "a\n1\n"])
        let lab = root.appendingPathComponent("lab")
        for path in ["../secret.csv", "data/../../secret.csv", "../missing.csv", "/etc/passwd"] {
            let error = dataError { try readCSV(path: path, labDirectory: lab) }
            #expect(error?.message == "readCSV: '\(path)' is outside the lab's folder")
        }
    }

    @Test func emptyAndNULNamesAreRejected() throws {
        let lab = try makeLab(["data/t.csv": "a\n1\n"])
        #expect(dataError { try readCSV(path: "", labDirectory: lab) }?.message == "readCSV: the file name is empty")
        let nul = dataError { try readCSV(path: "data/t.csv\0/../../x", labDirectory: lab) }
        #expect(nul?.message == "readCSV: the file name contains a NUL character")
    }

    @Test func aMissingLabFolderIsNamed() {
        let error = dataError { try readCSV(path: "t.csv", labDirectory: URL(fileURLWithPath: "/no/such/lab")) }
        #expect(error?.message == "readCSV: the lab's folder '/no/such/lab' does not exist")
    }

    @Test func aSiblingFolderWithTheSamePrefixIsOutside() throws {
        let root = try makeLab(["lab2/t.csv": "a\n1\n", "lab/x.csv": "a\n1\n"])
        let error = dataError { try readCSV(path: "../lab2/t.csv", labDirectory: root.appendingPathComponent("lab")) }
        #expect(error?.message == "readCSV: '../lab2/t.csv' is outside the lab's folder")
    }

    @Test func aLinkPointingOutOfTheFolderIsRejected() throws {
        let root = try makeLab(["secret/s.csv": "a\n1\n", "lab/data/t.csv": "a\n1\n"])
        let lab = root.appendingPathComponent("lab")
        let manager = FileManager.default
        try manager.createSymbolicLink(
            at: lab.appendingPathComponent("link.csv"), withDestinationURL: root.appendingPathComponent("secret/s.csv"))
        try manager.createSymbolicLink(
            at: lab.appendingPathComponent("out"), withDestinationURL: root.appendingPathComponent("secret"))
        for path in ["link.csv", "out/s.csv", "out/missing.csv"] {
            let error = dataError { try readCSV(path: path, labDirectory: lab) }
            #expect(error?.message == "readCSV: '\(path)' is outside the lab's folder")
        }
    }

    @Test func aLinkInsideTheFolderIsFine() throws {
        let lab = try makeLab(["data/t.csv": "a\n1\n"])
        try FileManager.default.createSymbolicLink(
            at: lab.appendingPathComponent("alias.csv"), withDestinationURL: lab.appendingPathComponent("data/t.csv"))
        #expect(try readCSV(path: "alias.csv", labDirectory: lab).count == 1)
    }

    @Test func theLabFolderMayItselfBeALink() throws {
        let root = try makeLab(["real/data/t.csv": "a\n1\n"])
        let link = root.appendingPathComponent("linked")
        try FileManager.default.createSymbolicLink(at: link, withDestinationURL: root.appendingPathComponent("real"))
        #expect(try readCSV(path: "data/t.csv", labDirectory: link).count == 1)
    }
}
