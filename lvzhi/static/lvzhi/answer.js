// The answering page of a questionnaire (lvzhi/surveys/templates/surveys/answer.html): progress kept in this
// phone's localStorage, show-if conditions, required answers named before sending, and a submission sent with
// fetch so that a lost network keeps the page and its submission id — sending again stores the answer once.
(function(){var f=document.getElementById("answer-form");if(!f)return;var K="lvzhi-survey:"+f.token.value,S={},st=document.getElementById("status"),b=document.getElementById("submit");
try{S=JSON.parse(localStorage.getItem(K)||"{}")}catch(e){S={}}
if(S.sid){f.sid.value=S.sid}else{S.sid=f.sid.value}
function els(){return Array.prototype.slice.call(f.elements).filter(function(i){return /^(q\d|unit)/.test(i.name)})}
if(S.a&&f.dataset.fresh==="1"){els().forEach(function(i){var v=S.a[i.name];if(!v)return;if(i.type==="radio"||i.type==="checkbox"){i.checked=v.indexOf(i.value)>=0}else{i.value=v[0]}})}
function save(){var a={};els().forEach(function(i){if((i.type==="radio"||i.type==="checkbox")&&!i.checked)return;if(!i.value)return;(a[i.name]=a[i.name]||[]).push(i.value)});S.a=a;try{localStorage.setItem(K,JSON.stringify(S))}catch(e){}}
function cond(){Array.prototype.forEach.call(f.querySelectorAll("[data-if]"),function(el){var src=document.getElementById("q"+el.dataset.if),vals=el.dataset.vals.split("|"),ok=!!src&&!src.hidden&&Array.prototype.some.call(f.querySelectorAll('[name="q'+el.dataset.if+'"]'),function(i){return i.checked&&vals.indexOf(i.value)>=0});el.hidden=!ok;Array.prototype.forEach.call(el.querySelectorAll("input,textarea,select"),function(i){i.disabled=!ok})})}
function answered(el){var ins=el.querySelectorAll("input,textarea,select");if(el.querySelector("[data-row]")){return Array.prototype.every.call(el.querySelectorAll("[data-row]"),function(r){return r.querySelector("input:checked")})}return Array.prototype.some.call(ins,function(i){return(i.type==="radio"||i.type==="checkbox")?i.checked:!!i.value.trim()})}
f.addEventListener("change",function(){cond();save()});f.addEventListener("input",save);cond();
f.addEventListener("submit",function(ev){var miss=Array.prototype.filter.call(f.querySelectorAll("[data-required]"),function(el){return !el.hidden&&!answered(el)});
if(miss.length){ev.preventDefault();st.textContent=f.dataset.missing+miss.map(function(el){return el.dataset.label}).join("、");miss[0].scrollIntoView();return}
if(!window.fetch||!window.FormData)return;ev.preventDefault();b.disabled=true;st.textContent=f.dataset.sending;
fetch(f.action,{method:"POST",body:new FormData(f),credentials:"same-origin"}).then(function(r){if(r.ok&&r.redirected){try{localStorage.removeItem(K)}catch(e){}location.href=r.url;return}HTMLFormElement.prototype.submit.call(f)},function(){b.disabled=false;st.textContent=f.dataset.offline})})})();
