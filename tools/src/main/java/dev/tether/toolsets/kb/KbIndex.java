package dev.tether.toolsets.kb;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.en.EnglishAnalyzer;
import org.apache.lucene.analysis.standard.StandardAnalyzer;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.KnnFloatVectorField;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.index.Term;
import org.apache.lucene.index.VectorSimilarityFunction;
import org.apache.lucene.queryparser.classic.ParseException;
import org.apache.lucene.queryparser.classic.QueryParser;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.KnnFloatVectorQuery;
import org.apache.lucene.search.MatchNoDocsQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.store.LockObtainFailedException;

/**
 * The Lucene side of a knowledge base: one document per passage, plus one per file recording the stamp (mtime,
 * size) it was indexed at. When another process holds the index's write lock, it is opened read-only.
 */
final class KbIndex implements AutoCloseable {

    /** A file as it was indexed. */
    record Stamp(long modified, long size) {
        /** The stamp of a file indexed without the vectors it should have: it differs, so it is indexed again. */
        Stamp unembedded() {
            return new Stamp(-modified - 1, size);
        }
    }

    /** A ranked passage; {@code match} says which search found it when both ran (keyword, meaning, both). */
    record Hit(String path, Chunk chunk, double score, String match) {}

    private static final String PATH = "path";
    private static final String KIND = "kind";
    private static final String TEXT = "text";
    private static final String VECTOR = "vector";
    private static final String FINGERPRINT = "fingerprint";
    private static final int FUSION_K = 60;

    private final Directory directory;
    private final Analyzer analyzer;
    private final IndexWriter writer; // null when read-only
    private volatile SearcherManager searchers; // null until an index exists

    KbIndex(Path indexDir, String analyzerName, String fingerprint) throws IOException {
        Files.createDirectories(indexDir);
        this.directory = FSDirectory.open(indexDir);
        this.analyzer = analyzerName.equals("standard") ? new StandardAnalyzer() : new EnglishAnalyzer();
        this.writer = openWriter(fingerprint);
        if (writer != null) {
            searchers = new SearcherManager(writer, null);
        } else if (DirectoryReader.indexExists(directory)) {
            searchers = new SearcherManager(directory, null);
        }
    }

    private IndexWriter openWriter(String fingerprint) throws IOException {
        try {
            IndexWriter opened = new IndexWriter(
                    directory,
                    new IndexWriterConfig(analyzer)
                            .setOpenMode(IndexWriterConfig.OpenMode.CREATE_OR_APPEND)
                            .setRAMBufferSizeMB(64));
            String stored = Optional.ofNullable(opened.getLiveCommitData())
                    .map(this::fingerprintOf)
                    .orElse(null);
            if (!fingerprint.equals(stored)) {
                opened.deleteAll(); // built with other settings: passages would not match them
            }
            opened.setLiveCommitData(Map.of(FINGERPRINT, fingerprint).entrySet());
            opened.commit();
            return opened;
        } catch (LockObtainFailedException e) {
            return null;
        }
    }

    private String fingerprintOf(Iterable<Map.Entry<String, String>> data) {
        for (Map.Entry<String, String> entry : data) {
            if (entry.getKey().equals(FINGERPRINT)) {
                return entry.getValue();
            }
        }
        return null;
    }

    boolean readOnly() {
        return writer == null;
    }

    /** The stamps of all indexed files. */
    Map<String, Stamp> stamps() throws IOException {
        Map<String, Stamp> stamps = new HashMap<>();
        if (searchers == null) {
            return stamps;
        }
        IndexSearcher searcher = searchers.acquire();
        try {
            StoredFields fields = searcher.storedFields();
            int all = Math.max(1, searcher.getIndexReader().numDocs());
            for (ScoreDoc doc : searcher.search(new TermQuery(new Term(KIND, "file")), all).scoreDocs) {
                Document file = fields.document(doc.doc);
                stamps.put(
                        file.get(PATH),
                        new Stamp(
                                file.getField("modified").numericValue().longValue(),
                                file.getField("size").numericValue().longValue()));
            }
        } finally {
            searchers.release(searcher);
        }
        return stamps;
    }

    /**
     * Indexes these passages for {@code path}, replacing what was indexed for it when {@code replace};
     * {@code vectors} is empty or holds one embedding per passage.
     */
    void put(String path, Stamp stamp, List<Chunk> chunks, List<float[]> vectors, boolean replace) throws IOException {
        List<Document> docs = new ArrayList<>();
        for (int i = 0; i < chunks.size(); i++) {
            Chunk chunk = chunks.get(i);
            Document doc = new Document();
            if (!vectors.isEmpty()) {
                doc.add(new KnnFloatVectorField(VECTOR, vectors.get(i), VectorSimilarityFunction.DOT_PRODUCT));
            }
            doc.add(new StringField(PATH, path, Field.Store.YES));
            doc.add(new StringField(KIND, "chunk", Field.Store.NO));
            doc.add(new TextField(TEXT, chunk.text(), Field.Store.YES));
            doc.add(new StoredField("page", chunk.page()));
            doc.add(new StoredField("line_start", chunk.lineStart()));
            doc.add(new StoredField("line_end", chunk.lineEnd()));
            doc.add(new StoredField("char_start", chunk.charStart()));
            doc.add(new StoredField("char_end", chunk.charEnd()));
            docs.add(doc);
        }
        Document file = new Document();
        file.add(new StringField(PATH, path, Field.Store.YES));
        file.add(new StringField(KIND, "file", Field.Store.NO));
        file.add(new StoredField("modified", stamp.modified()));
        file.add(new StoredField("size", stamp.size()));
        docs.add(file);
        if (replace) {
            writer.updateDocuments(new Term(PATH, path), docs);
        } else {
            writer.addDocuments(docs);
        }
    }

    void remove(String path) throws IOException {
        writer.deleteDocuments(new Term(PATH, path));
    }

    void commit() throws IOException {
        writer.commit();
        searchers.maybeRefreshBlocking();
    }

    /**
     * The passages best matching {@code query} (Lucene syntax; taken literally when it does not parse). With a
     * query {@code vector}, keyword (BM25) and nearest-neighbour rankings are fused by reciprocal rank.
     */
    List<Hit> search(String query, Optional<float[]> vector, int limit) throws IOException {
        if (!searchable()) {
            return List.of();
        }
        searchers.maybeRefresh();
        Query parsed = new BooleanQuery.Builder()
                .add(parse(query), BooleanClause.Occur.MUST)
                .add(new TermQuery(new Term(KIND, "chunk")), BooleanClause.Occur.FILTER)
                .build();
        IndexSearcher searcher = searchers.acquire();
        try {
            if (vector.isEmpty()) {
                List<Hit> hits = new ArrayList<>();
                for (ScoreDoc doc : searcher.search(parsed, limit).scoreDocs) {
                    hits.add(hit(searcher.storedFields(), doc.doc, doc.score, null));
                }
                return hits;
            }
            int depth = Math.max(limit * 4, 20);
            ScoreDoc[] keyword = searcher.search(parsed, depth).scoreDocs;
            ScoreDoc[] meaning = searcher.search(new KnnFloatVectorQuery(VECTOR, vector.get(), depth), depth).scoreDocs;
            return fuse(searcher.storedFields(), keyword, meaning, limit);
        } finally {
            searchers.release(searcher);
        }
    }

    private List<Hit> fuse(StoredFields fields, ScoreDoc[] keyword, ScoreDoc[] meaning, int limit) throws IOException {
        Map<Integer, double[]> scores = new HashMap<>(); // doc -> {fused score, found by keyword, by meaning}
        for (int rank = 0; rank < keyword.length; rank++) {
            double[] s = scores.computeIfAbsent(keyword[rank].doc, d -> new double[3]);
            s[0] += 1.0 / (FUSION_K + rank + 1);
            s[1] = 1;
        }
        for (int rank = 0; rank < meaning.length; rank++) {
            double[] s = scores.computeIfAbsent(meaning[rank].doc, d -> new double[3]);
            s[0] += 1.0 / (FUSION_K + rank + 1);
            s[2] = 1;
        }
        List<Map.Entry<Integer, double[]>> ranked = new ArrayList<>(scores.entrySet());
        ranked.sort((a, b) -> Double.compare(b.getValue()[0], a.getValue()[0]));
        List<Hit> hits = new ArrayList<>();
        for (Map.Entry<Integer, double[]> entry : ranked.subList(0, Math.min(limit, ranked.size()))) {
            double[] s = entry.getValue();
            String match = s[1] > 0 && s[2] > 0 ? "both" : s[1] > 0 ? "keyword" : "meaning";
            hits.add(hit(fields, entry.getKey(), s[0], match));
        }
        return hits;
    }

    private static Hit hit(StoredFields fields, int doc, double score, String match) throws IOException {
        Document d = fields.document(doc);
        return new Hit(
                d.get(PATH),
                new Chunk(
                        number(d, "page"),
                        number(d, "line_start"),
                        number(d, "line_end"),
                        number(d, "char_start"),
                        number(d, "char_end"),
                        d.get(TEXT)),
                score,
                match);
    }

    int passages() throws IOException {
        return count("chunk");
    }

    int files() throws IOException {
        return count("file");
    }

    private int count(String kind) throws IOException {
        if (!searchable()) {
            return 0;
        }
        searchers.maybeRefresh();
        IndexSearcher searcher = searchers.acquire();
        try {
            return searcher.count(new TermQuery(new Term(KIND, kind)));
        } finally {
            searchers.release(searcher);
        }
    }

    /** Whether there is an index to search; read-only, it may appear once the other process has written it. */
    private synchronized boolean searchable() throws IOException {
        if (searchers == null && DirectoryReader.indexExists(directory)) {
            searchers = new SearcherManager(directory, null);
        }
        return searchers != null;
    }

    private Query parse(String query) {
        QueryParser parser = new QueryParser(TEXT, analyzer);
        Query parsed;
        try {
            parsed = parser.parse(query);
        } catch (ParseException | RuntimeException e) {
            try {
                parsed = parser.parse(QueryParser.escape(query));
            } catch (ParseException inner) {
                throw new IllegalArgumentException("cannot search for: " + query);
            }
        }
        return parsed == null ? new MatchNoDocsQuery() : parsed;
    }

    private static int number(Document doc, String field) {
        return doc.getField(field).numericValue().intValue();
    }

    @Override
    public void close() throws IOException {
        if (searchers != null) {
            searchers.close();
        }
        if (writer != null) {
            writer.close();
        }
        directory.close();
    }
}
