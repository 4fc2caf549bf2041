package io.sparring.webshop;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.UUID;
import java.util.stream.Stream;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.en.EnglishAnalyzer;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.NumericDocValuesField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.NumericDocValues;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.search.similarities.BM25Similarity;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.util.Version;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The shop's BM25 index over each product's {@link Product#searchText()}, with Pyserini's BM25
 * parameters (k1 0.9, b 0.4) and an English analyzer (Porter stemming, stop words) as WebShop's
 * Pyserini index has. Built once per catalog and kept on disk under {@code <cache>/<fingerprint>};
 * a build writes to a temporary folder and renames it into place, so concurrent builders (threads
 * or processes) never see half an index, and a cache that does not open or does not match the
 * catalog is set aside and rebuilt. Searching is thread-safe.
 */
final class ShopIndex implements AutoCloseable {
  /** A half-built copy untouched this long was left by a process that died building it. */
  static final Duration ABANDONED_AFTER = Duration.ofHours(1);
  /** WebShop's results per search. */
  static final int RESULTS = 50;
  /** Bumped when the index layout or analysis changes, so old caches are not reused. */
  private static final int FORMAT = 1;
  private static final String FIELD = "contents";
  private static final String PRODUCT = "product";
  private static final String COMPLETE = "complete.txt";
  private static final Logger LOG = LoggerFactory.getLogger(ShopIndex.class);

  private final DirectoryReader reader;
  private final IndexSearcher searcher;
  private final Analyzer analyzer;
  private final Path folder;
  private final boolean built;

  private ShopIndex(DirectoryReader reader, Path folder, boolean built) {
    this.reader = reader;
    this.folder = folder;
    this.built = built;
    this.analyzer = analyzer();
    this.searcher = new IndexSearcher(reader);
    searcher.setSimilarity(similarity());
  }

  private static Analyzer analyzer() {
    return new EnglishAnalyzer();
  }

  private static BM25Similarity similarity() {
    return new BM25Similarity(0.9f, 0.4f);
  }

  /** The cache folder of a catalog: its fingerprint with the index format and Lucene version. */
  static Path folderFor(Path cacheRoot, Catalog catalog) {
    String key = com.google.common.hash.Hashing.sha256().hashString(
        catalog.fingerprint() + "|format=" + FORMAT + "|lucene=" + Version.LATEST, StandardCharsets.UTF_8)
        .toString().substring(0, 32);
    return cacheRoot.resolve(key);
  }

  /** Opens the cached index of a catalog, building (or rebuilding) it when needed. */
  static ShopIndex openOrBuild(Path cacheRoot, Catalog catalog) {
    Path folder = folderFor(cacheRoot, catalog);
    try {
      Files.createDirectories(cacheRoot);
      if (Files.isDirectory(folder)) {
        ShopIndex cached = tryOpen(folder, catalog);
        if (cached != null) {
          return cached;
        }
        setAside(folder);
      }
      build(cacheRoot, folder, catalog);
      ShopIndex index = tryOpen(folder, catalog);
      if (index == null) {
        throw new IllegalStateException("the index just built in " + folder + " does not open");
      }
      return new ShopIndex(index.reader, folder, true);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot build or open the web shop index in " + folder, e);
    }
  }

  /** The index in {@code folder} if it is complete, opens and holds one document per product. */
  private static ShopIndex tryOpen(Path folder, Catalog catalog) {
    try {
      Path marker = folder.resolve(COMPLETE);
      if (!Files.isRegularFile(marker)
          || !Files.readString(marker).strip().equals(String.valueOf(catalog.products().size()))) {
        return null;
      }
      DirectoryReader reader = DirectoryReader.open(FSDirectory.open(folder));
      if (reader.numDocs() != catalog.products().size()) {
        reader.close();
        return null;
      }
      return new ShopIndex(reader, folder, false);
    } catch (IOException | RuntimeException e) { // Lucene reports corruption in several ways
      LOG.warn("the web shop index cache {} is unreadable ({}); rebuilding it", folder, e.toString());
      return null;
    }
  }

  private static void build(Path cacheRoot, Path folder, Catalog catalog) throws IOException {
    deleteAbandoned(cacheRoot, folder);
    Path temporary = cacheRoot.resolve(folder.getFileName() + ".tmp-" + UUID.randomUUID());
    long start = System.nanoTime();
    IndexWriterConfig config = new IndexWriterConfig(analyzer()).setSimilarity(similarity())
        .setOpenMode(IndexWriterConfig.OpenMode.CREATE).setRAMBufferSizeMB(128)
        // adjacent merges keep documents in product order, so ties rank in catalog order
        .setMergePolicy(new org.apache.lucene.index.LogDocMergePolicy());
    try (FSDirectory directory = FSDirectory.open(temporary);
        IndexWriter writer = new IndexWriter(directory, config)) {
      for (int i = 0; i < catalog.products().size(); i++) {
        Document doc = new Document();
        doc.add(new TextField(FIELD, catalog.product(i).searchText(), Field.Store.NO));
        doc.add(new NumericDocValuesField(PRODUCT, i));
        writer.addDocument(doc);
      }
      writer.forceMerge(1);
      writer.commit();
    }
    Files.writeString(temporary.resolve(COMPLETE), String.valueOf(catalog.products().size()));
    try {
      Files.move(temporary, folder, StandardCopyOption.ATOMIC_MOVE);
      LOG.info("built the web shop index of {} products in {} ms: {}", catalog.products().size(),
          (System.nanoTime() - start) / 1_000_000, folder);
    } catch (IOException lost) {
      // Another builder renamed its copy first (Linux reports "Directory not empty"); both are equal,
      // so keep theirs. Anything else leaves no index, which the caller reports.
      deleteTree(temporary);
      if (!Files.isDirectory(folder)) {
        throw lost;
      }
    }
  }

  /** Moves a bad cache out of the way (a reader elsewhere may still hold its files) and deletes it. */
  private static void setAside(Path folder) throws IOException {
    Path aside = folder.resolveSibling(folder.getFileName() + ".bad-" + UUID.randomUUID());
    try {
      Files.move(folder, aside, StandardCopyOption.ATOMIC_MOVE);
    } catch (java.nio.file.NoSuchFileException gone) {
      return; // another process set it aside first
    }
    deleteTree(aside);
  }

  /**
   * Removes the half-built copies of {@code folder} that processes killed while building left
   * behind; one untouched for an hour is no live builder's (100k products build in seconds).
   */
  private static void deleteAbandoned(Path cacheRoot, Path folder) throws IOException {
    Instant abandoned = Instant.now().minus(ABANDONED_AFTER);
    try (Stream<Path> entries = Files.list(cacheRoot)) {
      for (Path entry : entries.toList()) {
        if (entry.getFileName().toString().startsWith(folder.getFileName() + ".tmp-")
            && Files.getLastModifiedTime(entry).toInstant().isBefore(abandoned)) {
          deleteTree(entry);
        }
      }
    }
  }

  private static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }

  /**
   * The best {@link #RESULTS} products for a query, as product indices, best first (ties by
   * product order). A query without searchable words finds nothing.
   */
  int[] search(String query) {
    try {
      Query parsed = parse(query);
      if (parsed == null) {
        return new int[0];
      }
      TopDocs top = searcher.search(parsed, RESULTS);
      int[] products = new int[top.scoreDocs.length];
      for (int i = 0; i < products.length; i++) {
        products[i] = productOf(top.scoreDocs[i]);
      }
      return products;
    } catch (IOException e) {
      throw new UncheckedIOException("web shop search failed for '" + query + "'", e);
    }
  }

  /** A disjunction of the analyzed terms (what Pyserini's bag-of-words BM25 query does). */
  private Query parse(String query) throws IOException {
    BooleanQuery.Builder builder = new BooleanQuery.Builder();
    int terms = 0;
    try (var stream = analyzer.tokenStream(FIELD, query.toLowerCase(java.util.Locale.ROOT))) {
      var term = stream.addAttribute(org.apache.lucene.analysis.tokenattributes.CharTermAttribute.class);
      stream.reset();
      while (stream.incrementToken()) {
        builder.add(new TermQuery(new org.apache.lucene.index.Term(FIELD, term.toString())), BooleanClause.Occur.SHOULD);
        terms++;
      }
      stream.end();
    }
    if (terms == 0) {
      return null;
    }
    if (terms > IndexSearcher.getMaxClauseCount()) {
      throw new IllegalArgumentException("a search has at most " + IndexSearcher.getMaxClauseCount() + " words");
    }
    return builder.build();
  }

  private int productOf(ScoreDoc hit) throws IOException {
    LeafReaderContext leaf = reader.leaves().get(org.apache.lucene.index.ReaderUtil.subIndex(hit.doc, reader.leaves()));
    NumericDocValues values = leaf.reader().getNumericDocValues(PRODUCT);
    int local = hit.doc - leaf.docBase;
    if (values == null || !values.advanceExact(local)) {
      throw new IllegalStateException("index document " + hit.doc + " has no product number in " + folder);
    }
    return (int) values.longValue();
  }

  /** Whether this process built the index (rather than reading it from the cache). */
  boolean wasBuilt() {
    return built;
  }

  Path folder() {
    return folder;
  }

  @Override
  public void close() throws IOException {
    reader.close();
  }
}
