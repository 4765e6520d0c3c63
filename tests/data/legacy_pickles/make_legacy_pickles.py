"""Pickle fitted estimators with skmultinet as of commit 9b7ad31 (before the wings).

Run once with that commit checked out: python make_legacy_pickles.py OUT_DIR. The files
let tests/test_legacy_pickles.py check that models saved before the move still load.
"""
import pickle, sys, numpy as np, os
from sklearn.datasets import make_multilabel_classification
from skmultinet import MultiLabelNetClassifier, ThresholdOptimizer, AutoMultiLabelNet
from skmultinet.losses import FocalLoss

out = sys.argv[1]
X, Y = make_multilabel_classification(n_samples=120, n_features=6, n_classes=3, random_state=0)
X = X.astype(np.float64)
models = {
    "classifier": MultiLabelNetClassifier((8,), epochs=5, random_state=0).fit(X, Y),
    "classifier_lsep": MultiLabelNetClassifier((8,), epochs=5, loss="lsep", random_state=0).fit(X, Y),
    "classifier_partition": MultiLabelNetClassifier((8,), epochs=5, loss="partition", random_state=0).fit(X, Y),
    "classifier_focal_instance": MultiLabelNetClassifier((8,), epochs=5, loss=FocalLoss(gamma=3), random_state=0).fit(X, Y),
    "classifier_multiclass": MultiLabelNetClassifier((8,), epochs=5, random_state=0).fit(X, Y.argmax(1)),
    "threshold_optimizer": ThresholdOptimizer(MultiLabelNetClassifier((8,), epochs=5, random_state=0), cv=2).fit(X, Y),
    "auto": AutoMultiLabelNet(candidates=[{}, {"hidden_layer_sizes": (4,)}], n_estimators=2, cv=2,
                              base_params={"epochs": 3, "hidden_layer_sizes": (8,)}, random_state=0).fit(X, Y),
}
Xq = X[:20]
for name, model in models.items():
    with open(os.path.join(out, f"{name}.pkl"), "wb") as f:
        pickle.dump(model, f, protocol=4)
    expected = {"predict": np.asarray(model.predict(Xq)), "predict_proba": np.asarray(model.predict_proba(Xq))}
    np.savez(os.path.join(out, f"{name}_expected.npz"), X=Xq, **expected)
print("ok", sorted(models))
