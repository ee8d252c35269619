// The rating and questionnaire pages: count the answered items and keep the button off until every one is answered.
(function () {
  var form = document.querySelector('form.answers');
  if (!form) { return; }
  var items = form.querySelectorAll('section.item');
  var count = document.getElementById('count');
  var send = document.getElementById('send');
  function update() {
    var answered = 0;
    items.forEach(function (item) {
      var done = item.querySelector('input[type=radio]:checked') !== null;
      if (done) { answered++; item.classList.remove('open'); }
    });
    count.textContent = answered + ' of ' + items.length + ' answered';
    send.disabled = answered < items.length;
  }
  form.addEventListener('change', update);
  form.addEventListener('submit', function () { send.disabled = true; });
  update();
}());
