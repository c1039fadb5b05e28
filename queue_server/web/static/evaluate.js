// Shows only the reasons of the level chosen (without JavaScript every group shows, headed by
// its level, and the server checks the choice). Picks nothing by itself.
(function () {
  "use strict";
  function follow(form) {
    var groups = form.querySelectorAll(".reason-group");
    function show() {
      var chosen = form.querySelector("input[name=level]:checked");
      var level = chosen ? chosen.value : "";
      for (var i = 0; i < groups.length; i++) {
        var mine = groups[i].getAttribute("data-level") === level;
        groups[i].hidden = !mine;
        if (!mine) {
          var boxes = groups[i].querySelectorAll("input[type=checkbox]");
          for (var j = 0; j < boxes.length; j++) boxes[j].checked = false;
        }
      }
      form.querySelector(".reasons").hidden = !level;
    }
    form.addEventListener("change", show);
    show();
  }
  document.documentElement.className += " js";
  var forms = document.querySelectorAll("form[data-rate]");
  for (var k = 0; k < forms.length; k++) follow(forms[k]);
})();
