# Rewrites the int8 all-MiniLM-L6-v2 ONNX graph (from the langchain4j jar) into ONNX Runtime's fused
# contrib operators: DynamicQuantizeLinear + QAttention, DynamicQuantizeMatMul, SkipLayerNormalization,
# BiasGelu. Same int8 weights and scales. Extra arguments select ablation variants used to measure what
# each part costs (their outputs are wrong on purpose):
#   python3 fuse.py SRC.onnx DST.onnx [bias|fast|add] [q|std|mha|none] [branches]
#   bias = BiasGelu (exact), fast = FastGelu (tanh approximation), add = no GELU at all
#   q = QAttention, std = standard ONNX ops, mha = MultiHeadAttention, none = no attention (V only)
#   branches = P > 1 splits each layer's heads and FFN columns into P independent branches (with q),
#   for ONNX Runtime's parallel executor
import sys, onnx, numpy as np
from onnx import helper, numpy_helper, TensorProto as TP

src, dst = sys.argv[1], sys.argv[2]
GELU = sys.argv[3] if len(sys.argv) > 3 else 'bias'
ATT = sys.argv[4] if len(sys.argv) > 4 else 'q'
P = int(sys.argv[5]) if len(sys.argv) > 5 else 1
m = onnx.load(src)
init = {i.name: i for i in m.graph.initializer}
nodes = {n.name: n for n in m.graph.node}
def arr(name): return numpy_helper.to_array(init[name])
layers = 1 + max(int(n.name.split('layer.')[1].split('/')[0]) for n in m.graph.node if '/encoder/layer.' in n.name)

new_init = []
def add(name, a):
    new_init.append(numpy_helper.from_array(np.ascontiguousarray(a), name)); return name

def dense(prefix):
    mm = nodes[prefix + '/MatMul_quant']
    w = arr(mm.input[1]); z = arr(mm.input[3])
    assert not z.any(), prefix + ' weight zero point not zero'
    s = arr(nodes[prefix + '/MatMul_quant_scales_mul'].input[1])
    b = arr(nodes[prefix + '/Add'].input[0])
    return w, s, b

N = []
def node(op, ins, outs, domain=None, **attrs):
    N.append(helper.make_node(op, ins, outs, name=outs[0] + '_node', domain=domain, **attrs)); return outs[0]
MS = 'com.microsoft'
EPS = 1e-12
hidden = arr('embeddings.LayerNorm.weight').shape[0]
heads = 12

# embeddings: gathers on the uint8 tables, then dequantize
def table(kind, idx):
    g = node('Gather', [add(kind + '_q', arr(f'embeddings.{kind}.weight_quantized')), idx], [kind + '_g'])
    return node('DequantizeLinear', [g, add(kind + '_s', arr(f'embeddings.{kind}.weight_scale')),
                                     add(kind + '_z', arr(f'embeddings.{kind}.weight_zero_point'))], [kind + '_f'])
word = table('word_embeddings', 'input_ids')
typ = table('token_type_embeddings', 'token_type_ids')
shape = node('Shape', ['input_ids'], ['ids_shape'])
seq = node('Slice', [shape, add('c1', np.array([1], np.int64)), add('c2', np.array([2], np.int64))], ['seq_len'])
pos_ids = node('Slice', [add('position_ids', arr('embeddings.position_ids')), add('c0', np.array([0], np.int64)), seq,
                         'c1'], ['pos_ids'])
pos = table('position_embeddings', pos_ids)
wt = node('Add', [word, typ], ['emb_wt'])
x = node('SkipLayerNormalization', [wt, pos, add('emb_ln_g', arr('embeddings.LayerNorm.weight')),
                                    add('emb_ln_b', arr('embeddings.LayerNorm.bias'))], ['emb_out'], domain=MS, epsilon=EPS)
mask = node('Cast', ['attention_mask'], ['mask32'], to=TP.INT32)
add('split3', np.array([hidden] * 3, np.int64)); add('split1', np.array([1, 1, 1], np.int64))
add('shape_qkv', np.array([0, 0, 3, heads, hidden // heads], np.int64)); add('shape_out', np.array([0, 0, hidden], np.int64))
mf = node('Cast', ['attention_mask'], ['maskf'], to=TP.FLOAT)
mb = node('Mul', [node('Sub', [add('one_f', np.array(1.0, np.float32)), mf], ['mask_inv']), add('neg_big', np.array(-10000.0, np.float32))], ['mask_b0'])
node('Unsqueeze', [mb, add('ax12', np.array([1, 2], np.int64))], ['mask_bias'])

for l in range(layers):
    p = f'/encoder/layer.{l}'
    q, k, v = (dense(f'{p}/attention/self/{n}') for n in ('query', 'key', 'value'))
    xq, xs, xz = f'l{l}_xq', f'l{l}_xs', f'l{l}_xz'
    node('DynamicQuantizeLinear', [x], [xq, xs, xz])
    if ATT in ('std', 'mha'):
        sc = 1.0 / np.sqrt(hidden // heads)
        qkv = node('DynamicQuantizeMatMul', [x, add(f'l{l}_qkv_w', np.concatenate([q[0], k[0], v[0]], axis=1)),
                   add(f'l{l}_qkv_s', np.concatenate([q[1] * sc, k[1], v[1]])), '', add(f'l{l}_qkv_b', np.concatenate([q[2] * sc, k[2], v[2]]))], [f'l{l}_qkv'], domain=MS)
    if ATT == 'mha':
        qs, ks, vs = f'l{l}_q', f'l{l}_k', f'l{l}_v'
        N.append(helper.make_node('Split', [qkv, 'split3'], [qs, ks, vs], name=f'l{l}_split', axis=2))
        att = node('MultiHeadAttention', [qs, ks, vs, '', mask], [f'l{l}_att'], domain=MS, num_heads=heads, scale=1.0)
    elif ATT == 'std':
        r = node('Reshape', [qkv, 'shape_qkv'], [f'l{l}_r'])
        t = node('Transpose', [r], [f'l{l}_t'], perm=[2, 0, 3, 1, 4])
        qs, ks, vs = f'l{l}_q', f'l{l}_k', f'l{l}_v'
        N.append(helper.make_node('Split', [t, 'split1'], [qs, ks, vs], name=f'l{l}_split', axis=0))
        kt = node('Transpose', [ks], [f'l{l}_kt'], perm=[0, 1, 2, 4, 3])
        sc_ = node('MatMul', [qs, kt], [f'l{l}_sc'])
        sm = node('Softmax', [node('Add', [sc_, 'mask_bias'], [f'l{l}_scm'])], [f'l{l}_sm'], axis=-1)
        ctx = node('MatMul', [sm, vs], [f'l{l}_ctx'])
        ct = node('Transpose', [ctx], [f'l{l}_ct'], perm=[1, 3, 0, 2, 4])
        att = node('Reshape', [ct, 'shape_out'], [f'l{l}_att'])
    elif ATT == 'none':
        att = node('DynamicQuantizeMatMul', [x, add(f'l{l}_v_w', v[0]), add(f'l{l}_v_s', v[1]), '', add(f'l{l}_v_b', v[2])], [f'l{l}_att'], domain=MS)
    ow, os_, ob = dense(f'{p}/attention/output/dense')
    iw, is_, ib = dense(f'{p}/intermediate/dense')
    fw, fs, fb = dense(f'{p}/output/dense')
    def total(parts, name):
        out = parts[0]
        for j in range(1, len(parts)):
            out = node('Add', [out, parts[j]], [f'{name}_sum{j}'])
        return out
    parts = []
    for j in range(P if ATT == 'q' else 1):
        cs = slice(j * hidden // P, (j + 1) * hidden // P) if ATT == 'q' else slice(0, hidden)
        if ATT == 'q':
            att = node('QAttention', [xq, add(f'l{l}_{j}_qkv_w', np.concatenate([q[0][:, cs], k[0][:, cs], v[0][:, cs]], axis=1)),
                                      add(f'l{l}_{j}_qkv_b', np.concatenate([q[2][cs], k[2][cs], v[2][cs]])), xs,
                                      add(f'l{l}_{j}_qkv_s', np.concatenate([q[1][cs], k[1][cs], v[1][cs]])), mask, xz],
                       [f'l{l}_{j}_att'], domain=MS, num_heads=heads // P)
        parts.append(node('DynamicQuantizeMatMul', [att, add(f'l{l}_{j}_o_w', ow[cs, :]), add(f'l{l}_{j}_o_s', os_)], [f'l{l}_{j}_o'], domain=MS))
    o = total(parts, f'l{l}_o')
    x1 = node('SkipLayerNormalization', [o, x, add(f'l{l}_ln1_g', arr(f'encoder.layer.{l}.attention.output.LayerNorm.weight')),
                                         add(f'l{l}_ln1_b', arr(f'encoder.layer.{l}.attention.output.LayerNorm.bias')),
                                         add(f'l{l}_o_b', ob)], [f'l{l}_x1'], domain=MS, epsilon=EPS)
    parts = []
    ff = iw.shape[1] // P
    for j in range(P):
        cs = slice(j * ff, (j + 1) * ff)
        h = node('DynamicQuantizeMatMul', [x1, add(f'l{l}_{j}_i_w', iw[:, cs]), add(f'l{l}_{j}_i_s', is_[cs])], [f'l{l}_{j}_h'], domain=MS)
        if GELU == 'bias':
            g = node('BiasGelu', [h, add(f'l{l}_{j}_i_b', ib[cs])], [f'l{l}_{j}_g'], domain=MS)
        elif GELU == 'fast':
            g = node('FastGelu', [h, add(f'l{l}_{j}_i_b', ib[cs])], [f'l{l}_{j}_g'], domain=MS)
        else:
            g = node('Add', [h, add(f'l{l}_{j}_i_b', ib[cs])], [f'l{l}_{j}_g'])
        parts.append(node('DynamicQuantizeMatMul', [g, add(f'l{l}_{j}_f_w', fw[cs, :]), add(f'l{l}_{j}_f_s', fs)], [f'l{l}_{j}_y'], domain=MS))
    y = total(parts, f'l{l}_y')
    x = node('SkipLayerNormalization', [y, x1, add(f'l{l}_ln2_g', arr(f'encoder.layer.{l}.output.LayerNorm.weight')),
                                        add(f'l{l}_ln2_b', arr(f'encoder.layer.{l}.output.LayerNorm.bias')),
                                        add(f'l{l}_f_b', fb)], ['last_hidden_state' if l == layers - 1 else f'l{l}_out'],
             domain=MS, epsilon=EPS)

ins = [helper.make_tensor_value_info(n, TP.INT64, ['batch_size', 'sequence_length'])
       for n in ('input_ids', 'attention_mask', 'token_type_ids')]
outs = [helper.make_tensor_value_info('last_hidden_state', TP.FLOAT, ['batch_size', 'sequence_length', hidden])]
g = helper.make_graph(N, 'minilm_fused', ins, outs, new_init)
model = helper.make_model(g, opset_imports=[helper.make_opsetid('', 17), helper.make_opsetid(MS, 1)],
                          producer_name='emotion4j fuse.py')
model.ir_version = 8
onnx.save(model, dst)
print('nodes', len(N), 'layers', layers)
