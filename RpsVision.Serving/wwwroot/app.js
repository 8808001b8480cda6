// RpsVision page: classify a picture of a hand, play rock-paper-scissors against the computer, or take frames of
// your own hand to train on. It calls two public routes of the serving host, POST /predict and GET /model (api.js),
// and nothing else; Teach mode sends nothing at all. Each mode is a module of its own; camera.js and view.js hold
// what they share.

import { setUpClassify } from "./classify.js";
import { setUpPlay } from "./play.js";
import { setUpTabs } from "./tabs.js";
import { setUpTeach } from "./teach.js";

setUpTabs();
setUpClassify();
setUpPlay();
setUpTeach();
