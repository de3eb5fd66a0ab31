# Variant of fuse.py that splits each layer's heads and FFN columns into P independent branches, for
# ONNX Runtime's parallel executor:  python3 split.py SRC.onnx DST.onnx [P]
# two-branch variant: each layer's attention heads and FFN columns split into halves that can run on two cores
import sys, onnx, numpy as np
from onnx import helper, numpy_helper, TensorProto as TP
src, dst = sys.argv[1], sys.argv[2]
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
    w = arr(mm.input[1]); z = arr(mm.input[3]); assert not z.any()
    s = arr(nodes[prefix + '/MatMul_quant_scales_mul'].input[1]); b = arr(nodes[prefix + '/Add'].input[0])
    return w, s, b
N = []
def node(op, ins, outs, domain=None, **attrs):
    N.append(helper.make_node(op, ins, outs, name=outs[0] + '_node', domain=domain, **attrs)); return outs[0]
MS = 'com.microsoft'; EPS = 1e-12
hidden = arr('embeddings.LayerNorm.weight').shape[0]; heads = 12; hd = hidden // heads
def table(kind, idx):
    g = node('Gather', [add(kind + '_q', arr(f'embeddings.{kind}.weight_quantized')), idx], [kind + '_g'])
    return node('DequantizeLinear', [g, add(kind + '_s', arr(f'embeddings.{kind}.weight_scale')), add(kind + '_z', arr(f'embeddings.{kind}.weight_zero_point'))], [kind + '_f'])
word = table('word_embeddings', 'input_ids'); typ = table('token_type_embeddings', 'token_type_ids')
shape = node('Shape', ['input_ids'], ['ids_shape'])
seq = node('Slice', [shape, add('c1', np.array([1], np.int64)), add('c2', np.array([2], np.int64))], ['seq_len'])
pos_ids = node('Slice', [add('position_ids', arr('embeddings.position_ids')), add('c0', np.array([0], np.int64)), seq, 'c1'], ['pos_ids'])
pos = table('position_embeddings', pos_ids)
wt = node('Add', [word, typ], ['emb_wt'])
x = node('SkipLayerNormalization', [wt, pos, add('emb_ln_g', arr('embeddings.LayerNorm.weight')), add('emb_ln_b', arr('embeddings.LayerNorm.bias'))], ['emb_out'], domain=MS, epsilon=EPS)
mask = node('Cast', ['attention_mask'], ['mask32'], to=TP.INT32)
P = int(sys.argv[3]) if len(sys.argv) > 3 else 2
for l in range(layers):
    p = f'/encoder/layer.{l}'
    q, k, v = (dense(f'{p}/attention/self/{n}') for n in ('query', 'key', 'value'))
    ow, os_, ob = dense(f'{p}/attention/output/dense')
    iw, is_, ib = dense(f'{p}/intermediate/dense')
    fw, fs, fb = dense(f'{p}/output/dense')
    xq, xs, xz = f'l{l}_xq', f'l{l}_xs', f'l{l}_xz'
    node('DynamicQuantizeLinear', [x], [xq, xs, xz])
    parts = []
    hh = hidden // P; ff = iw.shape[1] // P
    for j in range(P):
        cs = slice(j * hh, (j + 1) * hh)
        att = node('QAttention', [xq, add(f'l{l}_{j}_qkv_w', np.concatenate([q[0][:, cs], k[0][:, cs], v[0][:, cs]], axis=1)),
                                  add(f'l{l}_{j}_qkv_b', np.concatenate([q[2][cs], k[2][cs], v[2][cs]])), xs,
                                  add(f'l{l}_{j}_qkv_s', np.concatenate([q[1][cs], k[1][cs], v[1][cs]])), mask, xz],
                   [f'l{l}_{j}_att'], domain=MS, num_heads=heads // P)
        parts.append(node('DynamicQuantizeMatMul', [att, add(f'l{l}_{j}_o_w', ow[cs, :]), add(f'l{l}_o_s{j}', os_)], [f'l{l}_{j}_o'], domain=MS))
    o = parts[0]
    for j in range(1, P): o = node('Add', [o, parts[j]], [f'l{l}_osum{j}'])
    x1 = node('SkipLayerNormalization', [o, x, add(f'l{l}_ln1_g', arr(f'encoder.layer.{l}.attention.output.LayerNorm.weight')),
                                         add(f'l{l}_ln1_b', arr(f'encoder.layer.{l}.attention.output.LayerNorm.bias')), add(f'l{l}_o_b', ob)], [f'l{l}_x1'], domain=MS, epsilon=EPS)
    parts = []
    for j in range(P):
        cs = slice(j * ff, (j + 1) * ff)
        h = node('DynamicQuantizeMatMul', [x1, add(f'l{l}_{j}_i_w', iw[:, cs]), add(f'l{l}_{j}_i_s', is_[cs])], [f'l{l}_{j}_h'], domain=MS)
        g = node('BiasGelu', [h, add(f'l{l}_{j}_i_b', ib[cs])], [f'l{l}_{j}_g'], domain=MS)
        parts.append(node('DynamicQuantizeMatMul', [g, add(f'l{l}_{j}_f_w', fw[cs, :]), add(f'l{l}_f_s{j}', fs)], [f'l{l}_{j}_y'], domain=MS))
    y = parts[0]
    for j in range(1, P): y = node('Add', [y, parts[j]], [f'l{l}_ysum{j}'])
    x = node('SkipLayerNormalization', [y, x1, add(f'l{l}_ln2_g', arr(f'encoder.layer.{l}.output.LayerNorm.weight')),
                                        add(f'l{l}_ln2_b', arr(f'encoder.layer.{l}.output.LayerNorm.bias')), add(f'l{l}_f_b', fb)],
             ['last_hidden_state' if l == layers - 1 else f'l{l}_out'], domain=MS, epsilon=EPS)
ins = [helper.make_tensor_value_info(n, TP.INT64, ['batch_size', 'sequence_length']) for n in ('input_ids', 'attention_mask', 'token_type_ids')]
outs = [helper.make_tensor_value_info('last_hidden_state', TP.FLOAT, ['batch_size', 'sequence_length', hidden])]
model = helper.make_model(helper.make_graph(N, 'minilm_split', ins, outs, new_init), opset_imports=[helper.make_opsetid('', 17), helper.make_opsetid(MS, 1)], producer_name='emotion4j')
model.ir_version = 8
onnx.save(model, dst); print('nodes', len(N))
