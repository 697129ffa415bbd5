import Testing

/// `idou generate`, `aggregate` and `ingest`, run as a user would, comparing whole outputs.
@Suite struct RecordCommandTests {
  @Test func aggregatePrintsTheTableAndTheAccount() {
    let dir = temporaryDirectory()
    write("""
      date,from,to,sex
      2025-03-02,131016,431001,1
      2025-03-09,43100,13101,2
      2025-04,13,43,M
      2025-04,13,43,x

      """, to: dir + "/moves.csv")
    let r = runRecordsCLI(["aggregate", "moves.csv", "--rejects", "rejects.csv"], in: dir)
    #expect(r.status == 0)
    #expect(r.out == """
      month,area,sex,in,out,net
      2025-03,13,1,0,1,-1
      2025-03,13,2,1,0,1
      2025-03,43,1,1,0,1
      2025-03,43,2,0,1,-1
      2025-04,13,1,0,1,-1
      2025-04,43,1,1,0,1

      """)
    #expect(r.err == "moves.csv: read 4, used 3, rejected 1\n")
    #expect(contents(dir + "/rejects.csv") == """
      file,line,column,reason,record
      moves.csv,5,4,"'x' is not a sex (1/2, M/F, 男/女, 男性/女性)","2025-04,13,43,x"

      """)
  }

  @Test func strictExitsWithADataErrorNamingTheCell() {
    let dir = temporaryDirectory()
    write("date,from,to,sex\n2025-03,13,43,1\n2025-03,13101,13101,1\n", to: dir + "/moves.csv")
    let r = runRecordsCLI(["aggregate", "moves.csv", "--strict"], in: dir)
    #expect(r.status == 65)
    #expect(r.out == "")
    #expect(r.err == "idou: moves.csv:3:3: from and to are the same municipality (13101): not a move\n")
  }

  @Test func aMissingFileExits66() {
    let r = runRecordsCLI(["aggregate", "nothing.csv"], in: temporaryDirectory())
    #expect(r.status == 66)
  }

  /// generate → aggregate CSV (1 and 2 threads) → ingest → aggregate store: the same table every way.
  @Test func generatedRecordsGiveTheSameTableFromCSVAndFromTheStore() {
    let dir = temporaryDirectory()
    #expect(runRecordsCLI(["generate", "--records", "5000", "--seed", "3", "--output", "g.csv"], in: dir).status == 0)
    let csv2 = runRecordsCLI(["aggregate", "g.csv"], in: dir)
    let csv1 = runRecordsCLI(["aggregate", "g.csv", "--threads", "1"], in: dir)
    let ingest = runRecordsCLI(["ingest", "g.csv", "--store", "g.idou"], in: dir)
    let store = runRecordsCLI(["aggregate", "g.idou"], in: dir)
    #expect(csv2.status == 0 && ingest.status == 0 && store.status == 0)
    #expect(csv2.out.hasPrefix("month,area,sex,in,out,net\n2025-01,01,1,"))
    #expect(csv1.out == csv2.out)
    #expect(store.out == csv2.out)
    #expect(csv2.err.hasSuffix("g.csv: read 5000, used 5000, rejected 0\n"))
    #expect(ingest.err == "g.idou: 5000 records stored\ng.csv: read 5000, used 5000, rejected 0\n")
    let municipal = runRecordsCLI(["aggregate", "g.csv", "--level", "municipality"], in: dir)
    let municipalStore = runRecordsCLI(["aggregate", "g.idou", "--level", "municipality"], in: dir)
    #expect(municipal.out == municipalStore.out && municipal.out.count > csv2.out.count)
  }

  @Test func aDamagedStoreIsRefused() {
    let dir = temporaryDirectory()
    #expect(runRecordsCLI(["generate", "--records", "100", "--output", "g.csv"], in: dir).status == 0)
    #expect(runRecordsCLI(["ingest", "g.csv", "--store", "g.idou"], in: dir).status == 0)
    let bytes = contents(dir + "/g.idou")
    write(String(bytes.prefix(300)), to: dir + "/cut.idou")
    let r = runRecordsCLI(["aggregate", "cut.idou"], in: dir)
    #expect(r.status == 65)
    #expect(r.err.hasPrefix("idou: cut.idou: not a valid idou store:"))
  }
}

