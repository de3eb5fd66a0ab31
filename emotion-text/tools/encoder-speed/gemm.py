# One DynamicQuantizeMatMul (int8 weights 384 x 1536, the MiniLM FFN shape) to measure ONNX Runtime's
# int8 matrix-product throughput on this machine (Gemm.java):  python3 gemm.py  -> gemm.onnx
import onnx, numpy as np
from onnx import helper, numpy_helper, TensorProto as TP
K,N=384,1536
rng=np.random.default_rng(0)
w=rng.integers(-127,128,(K,N),dtype=np.int8); s=np.full(N,0.01,np.float32)
g=helper.make_graph([helper.make_node('DynamicQuantizeMatMul',['a','w','s'],['y'],domain='com.microsoft')],'g',
  [helper.make_tensor_value_info('a',TP.FLOAT,['m',K])],[helper.make_tensor_value_info('y',TP.FLOAT,['m',N])],
  [numpy_helper.from_array(w,'w'),numpy_helper.from_array(s,'s')])
m=helper.make_model(g,opset_imports=[helper.make_opsetid('',17),helper.make_opsetid('com.microsoft',1)]); m.ir_version=8
onnx.save(m,'gemm.onnx')
