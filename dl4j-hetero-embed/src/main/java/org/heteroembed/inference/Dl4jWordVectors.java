package org.heteroembed.inference;

import org.deeplearning4j.models.embeddings.WeightLookupTable;
import org.deeplearning4j.models.embeddings.reader.ModelUtils;
import org.deeplearning4j.models.embeddings.wordvectors.WordVectors;
import org.deeplearning4j.models.word2vec.wordstore.VocabCache;
import org.heteroembed.config.SettingSection;
import org.heteroembed.graph.io.NodeTokens;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * A model's vectors as DL4J's {@link WordVectors}, so code written for DL4J's Word2Vec takes hetero-embed models:
 * words are node tokens {@code type:id} ({@link NodeTokens}, as in the word2vec exports), vectors are the input
 * vectors, nearest-word queries run over every type (use {@link HeteroEmbeddings} directly to restrict them to one).
 * {@code wordsNearest} ranks by cosine as DL4J's does; {@code wordsNearestSum} by dot product. Reads only: the model's
 * rows are not copied (a partitioned model stays on disk).
 *
 * <p>Not supported (they expose Word2Vec's training internals, which a hetero-embed model does not have):
 * {@link #vocab()}, {@link #lookupTable()}, {@link #accuracy} (analogy files of words). Needs
 * {@code deeplearning4j-nlp} on the classpath (an optional dependency of this module).
 */
public final class Dl4jWordVectors implements WordVectors {
    private static final long serialVersionUID = 1L;
    private final transient HeteroEmbeddings e;
    private String unk;

    /** An adapter over {@code embeddings} (not copied: lookups read the model's rows). */
    public Dl4jWordVectors(HeteroEmbeddings embeddings) {
        this.e = embeddings;
    }

    private HeteroEmbeddings.Node node(String word) {
        String[] p = NodeTokens.parse(word);
        return new HeteroEmbeddings.Node(p[0], p[1]);
    }

    private boolean known(String word) {
        if (word == null || word.indexOf(':') < 0) {
            return false;
        }
        HeteroEmbeddings.Node n = node(word);
        return e.contains(n.type(), n.id());
    }

    private static List<String> tokens(List<HeteroEmbeddings.Neighbour> neighbours) {
        List<String> out = new ArrayList<>(neighbours.size());
        for (HeteroEmbeddings.Neighbour n : neighbours) {
            out.add(NodeTokens.token(n.type(), n.id()));
        }
        return out;
    }

    private static float[] floats(INDArray v) {
        return v.castTo(DataType.FLOAT).reshape(v.length()).toFloatVector();
    }

    @Override
    public String getUNK() {
        return unk;
    }

    @Override
    public void setUNK(String newUnk) {
        this.unk = newUnk;
    }

    @Override
    public boolean hasWord(String word) {
        return known(word);
    }

    @Override
    public Collection<String> wordsNearest(INDArray words, int top) {
        return tokens(e.nearest(floats(words), top, null, HeteroEmbeddings.Measure.COSINE));
    }

    @Override
    public Collection<String> wordsNearestSum(INDArray words, int top) {
        return tokens(e.nearest(floats(words), top, null, HeteroEmbeddings.Measure.DOT));
    }

    @Override
    public Collection<String> wordsNearestSum(String word, int top) {
        return wordsNearestSum(List.of(word), List.of(), top);
    }

    @Override
    public Collection<String> wordsNearestSum(Collection<String> positive, Collection<String> negative, int top) {
        INDArray sum = Nd4j.zeros(DataType.FLOAT, e.dimension());
        for (String w : positive) {
            sum.addi(getWordVectorMatrix(w));
        }
        for (String w : negative) {
            sum.subi(getWordVectorMatrix(w));
        }
        List<String> out = new ArrayList<>();
        for (String t : tokens(e.nearest(floats(sum), top + positive.size() + negative.size(), null,
                HeteroEmbeddings.Measure.DOT))) {
            if (!positive.contains(t) && !negative.contains(t) && out.size() < top) {
                out.add(t);
            }
        }
        return out;
    }

    @Override
    public Map<String, Double> accuracy(List<String> questions) {
        throw new UnsupportedOperationException("analogy accuracy over word questions is not defined for node tokens");
    }

    @Override
    public int indexOf(String word) {
        if (!known(word)) {
            return -1;
        }
        HeteroEmbeddings.Node n = node(word);
        NodeIdTables ids = e.idTables();
        int t = ids.type(n.type());
        return (int) (e.typeOffset(t) + ids.local(t, n.id()));
    }

    @Override
    public List<String> similarWordsInVocabTo(String word, double accuracy) {
        List<String> out = new ArrayList<>();
        NodeIdTables ids = e.idTables();
        for (int t = 0; t < ids.types().size(); t++) {
            for (int i = 0; i < ids.count(t); i++) {
                String token = NodeTokens.token(ids.types().get(t), ids.id(t, i));
                if (stringSimilarity(word, token) >= accuracy) {
                    out.add(token);
                }
            }
        }
        return out;
    }

    /** 1 - Levenshtein distance / the longer length, as DL4J's {@code StringUtils}-based check. */
    static double stringSimilarity(String a, String b) {
        int longer = Math.max(a.length(), b.length());
        return longer == 0 ? 1 : 1 - (double) SettingSection.distance(a, b) / longer;
    }

    @Override
    public double[] getWordVector(String word) {
        float[] v = vector(word);
        double[] out = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = v[i];
        }
        return out;
    }

    private float[] vector(String word) {
        if (!known(word)) {
            throw new IllegalArgumentException("no node token '" + word + "' (type:id) in this model");
        }
        HeteroEmbeddings.Node n = node(word);
        return e.vector(n.type(), n.id());
    }

    @Override
    public INDArray getWordVectorMatrixNormalized(String word) {
        INDArray v = getWordVectorMatrix(word);
        double norm = v.norm2Number().doubleValue();
        return norm == 0 ? v : v.divi(norm);
    }

    @Override
    public INDArray getWordVectorMatrix(String word) {
        return Nd4j.create(vector(word));
    }

    @Override
    public INDArray getWordVectors(Collection<String> labels) {
        INDArray out = Nd4j.create(DataType.FLOAT, labels.size(), e.dimension());
        int i = 0;
        for (String w : labels) {
            out.putRow(i++, getWordVectorMatrix(w));
        }
        return out;
    }

    @Override
    public INDArray getWordVectorsMean(Collection<String> labels) {
        return getWordVectors(labels).mean(0);
    }

    @Override
    public Collection<String> wordsNearest(Collection<String> positive, Collection<String> negative, int top) {
        List<HeteroEmbeddings.Node> pos = new ArrayList<>(), neg = new ArrayList<>();
        for (String w : positive) {
            vector(w); // unknown words are an error, as DL4J's
            pos.add(node(w));
        }
        for (String w : negative) {
            vector(w);
            neg.add(node(w));
        }
        return tokens(e.nearest(pos, neg, top, null));
    }

    @Override
    public Collection<String> wordsNearest(String word, int top) {
        HeteroEmbeddings.Node n = node(word);
        vector(word);
        return tokens(e.nearest(n.type(), n.id(), top, null));
    }

    @Override
    public double similarity(String word, String word2) {
        HeteroEmbeddings.Node a = node(word), b = node(word2);
        vector(word);
        vector(word2);
        return e.cosine(a.type(), a.id(), b.type(), b.id());
    }

    @Override
    public VocabCache vocab() {
        throw new UnsupportedOperationException("a hetero-embed model has no Word2Vec vocabulary cache: use hasWord, "
                + "indexOf and vocabSize");
    }

    @Override
    public WeightLookupTable lookupTable() {
        throw new UnsupportedOperationException("a hetero-embed model has no Word2Vec lookup table: use getWordVectorMatrix");
    }

    @Override
    public void setModelUtils(ModelUtils utils) {
        // queries are answered by HeteroEmbeddings' exact blocked scan; there is nothing to plug in
    }

    @Override
    public boolean outOfVocabularySupported() {
        return false;
    }

    @Override
    public void loadWeightsInto(INDArray array) {
        long n = vocabSize();
        int step = e.blockRows();
        for (long start = 0; start < n; start += step) {
            long end = Math.min(n, start + step);
            array.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(start, end),
                    org.nd4j.linalg.indexing.NDArrayIndex.all()).assign(e.rows(start, end));
        }
    }

    @Override
    public long vocabSize() {
        NodeIdTables ids = e.idTables();
        long n = 0;
        for (int t = 0; t < ids.types().size(); t++) {
            n += ids.count(t);
        }
        return n;
    }

    @Override
    public int vectorSize() {
        return e.dimension();
    }

    @Override
    public boolean jsonSerializable() {
        return false;
    }
}
